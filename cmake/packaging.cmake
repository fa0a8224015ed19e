# SPDX-License-Identifier: Apache-2.0
# Install layout and the Debian package (cpack -G DEB). Included last from the top-level
# CMakeLists.txt, so every program target already exists.
#
# The layout is Debian's: programs under the prefix (/usr in the package), system integration at
# the absolute paths systemd and dpkg look in (/lib/systemd/system, /usr/lib/sysusers.d, /etc).
# The unit names /usr/sbin/sitewatchd and main.cpp defaults to /etc/sitewatch/sitewatch.toml, so
# the supported prefix is /usr: `cmake --install build --prefix /usr` or the .deb.
include_guard(GLOBAL)

# --- Where systemd wants its files (asked from systemd.pc, with Debian 12's paths as fallback) ---
if(NOT DEFINED SITEWATCH_SYSTEMD_UNIT_DIR OR NOT DEFINED SITEWATCH_SYSUSERS_DIR)
  pkg_get_variable(_sw_unit_dir systemd systemdsystemunitdir)
  pkg_get_variable(_sw_sysusers_dir systemd sysusersdir)
  if(NOT _sw_unit_dir)
    set(_sw_unit_dir /lib/systemd/system)
  endif()
  if(NOT _sw_sysusers_dir)
    set(_sw_sysusers_dir /usr/lib/sysusers.d)
  endif()
endif()
set(SITEWATCH_SYSTEMD_UNIT_DIR "${_sw_unit_dir}" CACHE PATH "where sitewatch.service is installed")
set(SITEWATCH_SYSUSERS_DIR "${_sw_sysusers_dir}" CACHE PATH "where sitewatch's sysusers.d file goes")
set(SITEWATCH_CONFIG_DIR /etc/sitewatch CACHE PATH "the site config directory (a conffile)")
set(_sw_doc_dir ${CMAKE_INSTALL_DATADIR}/doc/sitewatch)

# --- Programs. sitewatchd's rule lives in daemon/CMakeLists.txt; the tools have none of their
# own, so they are installed here once they exist. ---
foreach(_sw_tool sitewatchctl sitewatch-sim)
  if(TARGET ${_sw_tool})
    install(TARGETS ${_sw_tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# --- systemd integration. No tmpfiles.d file: StateDirectory= and RuntimeDirectory= create
# /var/lib/sitewatch and /run/sitewatch with the right owner and mode at every start. ---
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sitewatch.service
        DESTINATION ${SITEWATCH_SYSTEMD_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sitewatch.sysusers
        DESTINATION ${SITEWATCH_SYSUSERS_DIR} RENAME sitewatch.conf)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/examples/serial-ports.conf
              ${PROJECT_SOURCE_DIR}/systemd/examples/ip-allow-list.conf
        DESTINATION ${_sw_doc_dir}/examples/systemd)

# --- Configs: every example under doc, one as the live /etc/sitewatch/sitewatch.toml. ---
file(GLOB _sw_example_configs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/*.toml)
file(GLOB _sw_profiles CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/profiles/*.toml)
if(_sw_example_configs)
  install(FILES ${_sw_example_configs} DESTINATION ${_sw_doc_dir}/examples)
endif()
if(_sw_profiles)
  install(FILES ${_sw_profiles} DESTINATION ${CMAKE_INSTALL_DATADIR}/sitewatch/profiles)
endif()
# One per site type (coal face, chemical tank farm, gas station, non-coal mine, cameras).
file(GLOB _sw_site_examples CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/config/examples/*.toml)
if(_sw_site_examples)
  install(FILES ${_sw_site_examples} DESTINATION ${_sw_doc_dir}/examples/sites)
endif()
# The default: a dedicated sitewatch.toml if the repo has one, else the demo. Either way the
# package does not start the service with it (see systemd/debian/postinst).
set(SITEWATCH_DEFAULT_CONFIG "" CACHE FILEPATH
    "config installed as /etc/sitewatch/sitewatch.toml (empty: config/sitewatch.toml or config/demo.toml)")
set(_sw_default_config "${SITEWATCH_DEFAULT_CONFIG}")
if(NOT _sw_default_config)
  foreach(_sw_candidate sitewatch.toml demo.toml)
    if(EXISTS ${PROJECT_SOURCE_DIR}/config/${_sw_candidate})
      set(_sw_default_config ${PROJECT_SOURCE_DIR}/config/${_sw_candidate})
      break()
    endif()
  endforeach()
endif()
set(_sw_conffiles "")
if(_sw_default_config)
  # 0640: it may hold broker credentials; postinst gives it group sitewatch (dpkg-statoverride).
  install(FILES ${_sw_default_config} DESTINATION ${SITEWATCH_CONFIG_DIR} RENAME sitewatch.toml
          PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
  string(APPEND _sw_conffiles "${SITEWATCH_CONFIG_DIR}/sitewatch.toml\n")
else()
  message(STATUS "packaging: no config/sitewatch.toml or config/demo.toml yet; "
                 "the package will have no /etc/sitewatch/sitewatch.toml")
  # The directory still belongs to the package, so its mode override has something to act on.
  install(DIRECTORY DESTINATION ${SITEWATCH_CONFIG_DIR})
endif()

if(EXISTS ${PROJECT_SOURCE_DIR}/docs/deploying.md)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/deploying.md DESTINATION ${_sw_doc_dir})
endif()

include(${CMAKE_CURRENT_LIST_DIR}/manpages.cmake)

# --- What Debian wants of every package: the license (DEP-5 copyright, naming the header-only
# libraries compiled into the programs at the versions found here), the changelog (a native
# package: changelog.gz in Debian's format) and lintian overrides for what is intended. ---
set(_sw_debian_src ${PROJECT_SOURCE_DIR}/systemd/debian)
set(_sw_debian_out ${PROJECT_BINARY_DIR}/packaging)
set(SW_CLI11_VERSION "${CLI11_VERSION}")
set(SW_JSON_VERSION "${nlohmann_json_VERSION}")
set(SW_TOML_VERSION "${tomlplusplus_VERSION}")
configure_file(${_sw_debian_src}/copyright.in ${_sw_debian_out}/copyright @ONLY)
install(FILES ${_sw_debian_out}/copyright DESTINATION ${_sw_doc_dir})

# The newest changelog entry must be this version: dpkg and apt show it as what changed.
file(STRINGS ${_sw_debian_src}/changelog _sw_changelog_top LIMIT_COUNT 1)
string(REGEX MATCH "^sitewatch \\(([^)]+)\\)" _sw_changelog_match "${_sw_changelog_top}")
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "${_sw_debian_src}/changelog:1: the newest entry is '${CMAKE_MATCH_1}', "
                      "expected the project's version ${PROJECT_VERSION}: add an entry for it")
endif()
add_custom_command(
  OUTPUT ${_sw_debian_out}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -E copy ${_sw_debian_src}/changelog ${_sw_debian_out}/changelog
  COMMAND ${SITEWATCH_GZIP} -n -9 -f ${_sw_debian_out}/changelog
  DEPENDS ${_sw_debian_src}/changelog
  COMMENT "changelog.gz"
  VERBATIM)
add_custom_target(sitewatch_changelog ALL DEPENDS ${_sw_debian_out}/changelog.gz)
install(FILES ${_sw_debian_out}/changelog.gz DESTINATION ${_sw_doc_dir})
# The package tests build the .deb from this tree with cpack, which installs without building.
if(TARGET integration_deploy)
  add_dependencies(integration_deploy sitewatch_changelog)
  if(TARGET sitewatch_manpages)
    add_dependencies(integration_deploy sitewatch_manpages)
  endif()
endif()
install(FILES ${_sw_debian_src}/lintian-overrides
        DESTINATION ${CMAKE_INSTALL_DATADIR}/lintian/overrides RENAME sitewatch)

# --- The Debian package ---
set(_sw_deb_dir ${PROJECT_BINARY_DIR}/packaging/debian)
file(MAKE_DIRECTORY ${_sw_deb_dir})
set(_sw_control_extra "")
foreach(_sw_script postinst prerm postrm)
  # Copied so CPack sees the exact names dpkg wants; STRICT_PERMISSION below sets 0755.
  configure_file(${PROJECT_SOURCE_DIR}/systemd/debian/${_sw_script} ${_sw_deb_dir}/${_sw_script}
                 COPYONLY)
  list(APPEND _sw_control_extra ${_sw_deb_dir}/${_sw_script})
endforeach()
if(_sw_conffiles)
  # dpkg keeps an admin's edits to these across upgrades and asks before replacing them.
  file(WRITE ${_sw_deb_dir}/conffiles "${_sw_conffiles}")
  list(APPEND _sw_control_extra ${_sw_deb_dir}/conffiles)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sitewatch)
set(CPACK_PACKAGE_VENDOR "sitewatch")
# The project's own address (README, "Deploying on a gateway"); lintian refuses a local host.
set(CPACK_PACKAGE_CONTACT "sitewatch maintainers <maintainers@sitewatch.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# One string (not a list); CPack puts the summary above it as the synopsis line. Lines of at most
# 80 characters (lintian: extended-description-line-too-long).
string(CONCAT CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "sitewatchd polls gas detectors and process sensors over Modbus RTU/TCP and\n"
  "cameras over RTSP, raises alarms by the applicable standard's thresholds\n"
  "(coal-mine safety regulations, GB/T 50493, GB 50838), keeps a tamper-evident\n"
  "alarm ledger and forwards alarms to a monitoring platform over MQTT without\n"
  "losing any across outages.")
# Library dependencies come from the binaries themselves (dpkg-shlibdeps): libpaho-mqtt*,
# libmodbus, libsqlite3, libsystemd, ... at the versions this was built against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# A cross build (cmake/toolchain-debian-cross.cmake) names the package's architecture; natively
# CPack asks dpkg. dpkg-shlibdeps then needs DEB_HOST_* of that architecture in its environment,
# which scripts/package sets (dpkg-architecture -a <arch> -s).
if(SITEWATCH_DEB_ARCH)
  set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SITEWATCH_DEB_ARCH})
endif()
# postinst's fallback when systemd-sysusers is missing uses the shadow tools.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "systemd")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mosquitto-clients")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${_sw_control_extra}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
# Test binaries, benchmarks and static libraries are never installed; only the component that the
# install() rules above and in daemon/ produce goes into the package.
include(CPack)
