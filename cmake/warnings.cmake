# One place for compiler flags every sitewatch target shares.
add_library(sitewatch_flags INTERFACE)
target_compile_options(sitewatch_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(SITEWATCH_WERROR)
  target_compile_options(sitewatch_flags INTERFACE -Werror)
endif()
if(SITEWATCH_SANITIZE)
  target_compile_options(sitewatch_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(sitewatch_flags INTERFACE -fsanitize=address,undefined)
endif()
