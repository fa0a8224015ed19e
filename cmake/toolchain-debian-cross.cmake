# SPDX-License-Identifier: Apache-2.0
# Cross builds with Debian's own toolchains and multiarch libraries (crossbuild-essential-<arch>
# and the <lib>-dev:<arch> packages); scripts/package sets this up and is the way in:
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-debian-cross.cmake \
#         -DSITEWATCH_CROSS_TRIPLET=aarch64-linux-gnu ...
# Multiarch puts the target's libraries under /usr/lib/<triplet> of this very system, so there is
# no sysroot: the headers in /usr/include are shared, the libraries are found by their triplet.
# Test binaries run through qemu-user explicitly (CMAKE_CROSSCOMPILING_EMULATOR), so ctest works
# in containers without binfmt_misc.
set(SITEWATCH_CROSS_TRIPLET "" CACHE STRING "GNU triplet: aarch64-linux-gnu or arm-linux-gnueabihf")
# try_compile projects re-read this file without the cache: pass the triplet on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SITEWATCH_CROSS_TRIPLET)

if(SITEWATCH_CROSS_TRIPLET STREQUAL "aarch64-linux-gnu")
  set(CMAKE_SYSTEM_PROCESSOR aarch64)
  set(_sw_qemu qemu-aarch64-static)
  set(_sw_deb_arch arm64)
elseif(SITEWATCH_CROSS_TRIPLET STREQUAL "arm-linux-gnueabihf")
  set(CMAKE_SYSTEM_PROCESSOR armv7l)
  set(_sw_qemu qemu-arm-static)
  set(_sw_deb_arch armhf)
else()
  message(FATAL_ERROR "toolchain-debian-cross.cmake: SITEWATCH_CROSS_TRIPLET is "
                      "'${SITEWATCH_CROSS_TRIPLET}'; allowed are aarch64-linux-gnu, "
                      "arm-linux-gnueabihf")
endif()

set(CMAKE_SYSTEM_NAME Linux)
if(_sw_deb_arch STREQUAL "armhf")
  # GCC's notes that std::map iterators are passed differently since GCC 7.1 (-Wpsabi): every
  # object here is built by GCC 12, so there is no old code to meet; they drowned the build log.
  set(CMAKE_CXX_FLAGS_INIT "-Wno-psabi")
endif()
set(CMAKE_LIBRARY_ARCHITECTURE ${SITEWATCH_CROSS_TRIPLET})
set(CMAKE_C_COMPILER ${SITEWATCH_CROSS_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${SITEWATCH_CROSS_TRIPLET}-g++)
# CPack's strip and dpkg-shlibdeps's objdump must read the target's ELF files.
set(CMAKE_STRIP /usr/bin/${SITEWATCH_CROSS_TRIPLET}-strip CACHE FILEPATH "cross strip")
set(CMAKE_OBJDUMP /usr/bin/${SITEWATCH_CROSS_TRIPLET}-objdump CACHE FILEPATH "cross objdump")
# The Debian architecture of the package (packaging.cmake); dpkg-shlibdeps is told by scripts/package.
set(SITEWATCH_DEB_ARCH ${_sw_deb_arch})

# The target's libraries and CMake package files only; programs (pkg-config, protoc, ...) from the
# build machine. The build machine's pkg-config, looking only at the target's .pc files (Debian
# 12 ships no <triplet>-pkg-config wrapper without pkgconf:<arch>).
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${SITEWATCH_CROSS_TRIPLET}/pkgconfig:/usr/share/pkgconfig")

# No -L /usr/<triplet>: the :<arch> libraries pull in libc6:<arch>, whose loader is at the path
# the ELF names (/lib/ld-linux-aarch64.so.1, /lib/ld-linux-armhf.so.3). With -L, qemu finds the
# loader and libc of libc6-<arch>-cross (another build of glibc) and the libraries of libc6:<arch>;
# the mixed pair hangs in the first pthread_create.
find_program(_sw_qemu_path ${_sw_qemu} REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR ${_sw_qemu_path})
