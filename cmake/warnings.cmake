# SPDX-License-Identifier: Apache-2.0
# One place for compiler flags every sitewatch target shares.
add_library(sitewatch_flags INTERFACE)
target_compile_options(sitewatch_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
# GCC 12 at -O3 reports -Wrestrict inside libstdc++ for `"literal" + std::string` (GCC PR 105329,
# a false positive fixed in GCC 13); Debian 12's compiler is GCC 12.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(sitewatch_flags INTERFACE -Wno-restrict)
endif()
if(SITEWATCH_WERROR)
  target_compile_options(sitewatch_flags INTERFACE -Werror)
endif()
if(SITEWATCH_SANITIZE)
  # GCC documents false -Wmaybe-uninitialized reports under -fsanitize=address (seen in
  # libstdc++'s <regex> at -O1); the optimised builds keep the warning.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(sitewatch_flags INTERFACE -Wno-maybe-uninitialized)
  endif()
  target_compile_options(sitewatch_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(sitewatch_flags INTERFACE -fsanitize=address,undefined)
endif()
if(SITEWATCH_TSAN)
  # ThreadSanitizer, for the threads a reload, the console and the MQTT client share
  # (scripts/test's TSan job). System libraries are not instrumented: tests/tsan.supp says which
  # reports come from inside them, and why each is not ours.
  if(SITEWATCH_SANITIZE)
    message(FATAL_ERROR "SITEWATCH_TSAN and SITEWATCH_SANITIZE cannot be combined")
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 warns that TSan does not see std::atomic_thread_fence; we use none.
    target_compile_options(sitewatch_flags INTERFACE -Wno-tsan)
  endif()
  target_compile_options(sitewatch_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(sitewatch_flags INTERFACE -fsanitize=thread)
endif()
