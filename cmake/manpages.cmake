# SPDX-License-Identifier: Apache-2.0
# Man pages, made at build time from the programs themselves (man/render_manpage.py): the option
# tables come from CLI11's --help and the keys of sitewatch.toml(5) from
# `sitewatchd --print-config-reference`, the same source as docs/config.md, so a page can never
# drift from the program. Installed gzipped (-n: no name or time stamp, reproducible; -9) under
# share/man, as Debian expects. Included from packaging.cmake.
include_guard(GLOBAL)

find_package(Python3 COMPONENTS Interpreter)
find_program(SITEWATCH_GZIP gzip)
if(NOT Python3_Interpreter_FOUND OR NOT SITEWATCH_GZIP
   OR (CMAKE_CROSSCOMPILING AND NOT CMAKE_CROSSCOMPILING_EMULATOR))
  message(WARNING "man pages: need python3 and gzip, and programs that run on this machine "
                  "(or an emulator for them); the package will have none")
  return()
endif()
# A cross build asks the target's programs for their help through the emulator (qemu-user).
set(_sw_man_emulator "")
if(CMAKE_CROSSCOMPILING)
  foreach(_sw_word ${CMAKE_CROSSCOMPILING_EMULATOR})
    list(APPEND _sw_man_emulator --emulator=${_sw_word})
  endforeach()
endif()

set(_sw_man_dir ${PROJECT_BINARY_DIR}/man)
set(_sw_man_outputs "")
# sitewatch_manpage(NAME SECTION PROGRAM): man/NAME.SECTION.in filled from PROGRAM's output.
function(sitewatch_manpage name section program)
  if(NOT TARGET ${program})
    return()
  endif()
  set(template ${PROJECT_SOURCE_DIR}/man/${name}.${section}.in)
  set(page ${_sw_man_dir}/${name}.${section})
  add_custom_command(
    OUTPUT ${page}.gz
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/man/render_manpage.py ${template} ${page}
            --program $<TARGET_FILE:${program}> --version ${PROJECT_VERSION} ${_sw_man_emulator}
    COMMAND ${SITEWATCH_GZIP} -n -9 -f ${page}
    DEPENDS ${template} ${PROJECT_SOURCE_DIR}/man/render_manpage.py ${program}
    COMMENT "man page ${name}(${section})"
    VERBATIM)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
  set(_sw_man_outputs ${_sw_man_outputs} ${page}.gz PARENT_SCOPE)
endfunction()

file(MAKE_DIRECTORY ${_sw_man_dir})
sitewatch_manpage(sitewatchd 8 sitewatchd)
sitewatch_manpage(sitewatch.toml 5 sitewatchd)
sitewatch_manpage(sitewatchctl 1 sitewatchctl)
sitewatch_manpage(sitewatch-sim 1 sitewatch-sim)
add_custom_target(sitewatch_manpages ALL DEPENDS ${_sw_man_outputs})
