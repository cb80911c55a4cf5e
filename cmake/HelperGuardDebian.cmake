# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The Debian packages, built with `cpack -G DEB --config <build>/CPackConfig.cmake`
# from any build directory (no configure option; a plain `cmake --install`
# does not install these components):
#
#   helperguard-llvm-<major>_<version>_<arch>.deb   one per LLVM, side by side:
#     /usr/lib/llvm-<major>/lib/helperguard/HelperGuard.so (+ HelperGuardClang.so)
#     /usr/lib/llvm-<major>/bin/helperguard             the tool
#     /usr/lib/llvm-<major>/bin/helperguard-probe       the kernel probe (static)
#     /usr/lib/pkgconfig/helperguard-llvm-<major>.pc
#     /usr/share/doc/helperguard-llvm-<major>/copyright
#     Depends: clang-<major>, libllvm<major>, helperguard-common (=), the C/C++ runtime
#   helperguard-common_<version>_all.deb   the same from every build:
#     /usr/bin/helperguard                 runs the newest installed tool
#                                          (HELPERGUARD_LLVM=<major> picks one)
#     /usr/share/helperguard/db/           the helper database
#     /usr/share/cmake/HelperGuard/        find_package(HelperGuard)
#     /usr/share/helperguard/helperguard.mk
#     /usr/share/pkgconfig/helperguard.pc  prefix, makefile, dbdir, cmakedir
# The CMake package and helperguard.mk pick the plugin matching the BPF clang
# (cmake/HelperGuardSelectLLVM.cmake, cmake/helperguard.mk.in).
# Included from cmake/HelperGuardInstall.cmake, which sets the variables used.
set(_hg_deb_llvm lib/llvm-${LLVM_VERSION_MAJOR})
set(_hg_deb_plugindir ${_hg_deb_llvm}/lib/helperguard)
set(_hg_deb_cmakedir share/cmake/HelperGuard)
set(_hg_deb_gen ${PROJECT_BINARY_DIR}/cmake/debian)

# --- helperguard-llvm-<major> ------------------------------------------------------
install(TARGETS HelperGuard
  LIBRARY DESTINATION ${_hg_deb_plugindir} COMPONENT deb_llvm EXCLUDE_FROM_ALL)
if(TARGET HelperGuardClang)
  install(TARGETS HelperGuardClang
    LIBRARY DESTINATION ${_hg_deb_plugindir} COMPONENT deb_llvm EXCLUDE_FROM_ALL)
endif()
if(TARGET helperguard)
  install(TARGETS helperguard
    RUNTIME DESTINATION ${_hg_deb_llvm}/bin COMPONENT deb_llvm EXCLUDE_FROM_ALL)
endif()
# Beside the tool, where "helperguard probe" finds it (the common package is
# Architecture: all, the probe is an amd64 executable).
if(TARGET helperguard-probe)
  install(TARGETS helperguard-probe
    RUNTIME DESTINATION ${_hg_deb_llvm}/bin COMPONENT deb_llvm EXCLUDE_FROM_ALL)
endif()
# The pkg-config file of this LLVM's plugin, prefix filled in at install time.
set(HG_DEB_PC_CLANG_PLUGIN "")
if(TARGET HelperGuardClang)
  set(HG_DEB_PC_CLANG_PLUGIN "clang_plugin=\${plugindir}/HelperGuardClang.so")
endif()
file(WRITE ${_hg_deb_gen}/helperguard-llvm.pc.in
"# pkg-config --cflags helperguard-llvm-${LLVM_VERSION_MAJOR}   (package helperguard-llvm-${LLVM_VERSION_MAJOR})
prefix=%HELPERGUARD_PREFIX%
exec_prefix=\${prefix}
llvmdir=\${prefix}/${_hg_deb_llvm}
bindir=\${llvmdir}/bin
plugindir=\${prefix}/${_hg_deb_plugindir}
plugin=\${plugindir}/HelperGuard.so
${HG_DEB_PC_CLANG_PLUGIN}
datadir=\${prefix}/share/helperguard
dbdir=\${datadir}/db
makefile=\${datadir}/helperguard.mk
cmakedir=\${prefix}/${_hg_deb_cmakedir}
helperguard=\${bindir}/helperguard
llvm_version=${LLVM_VERSION_MAJOR}
clang=/usr/lib/llvm-${LLVM_VERSION_MAJOR}/bin/clang
bpf_cflags=-O2 -g -target bpf
plugin_flags=-fplugin=\${plugin} -fpass-plugin=\${plugin}

Name: helperguard-llvm-${LLVM_VERSION_MAJOR}
Description: helperguard pass plugin for clang ${LLVM_VERSION_MAJOR}: guards BPF programs against the helper-prototype verifier miscompile of Linux 6.14-6.18
Version: ${PROJECT_VERSION}
Cflags: -fplugin=\${plugin} -fpass-plugin=\${plugin}
")
install(CODE "
  set(_hg_pc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/pkgconfig/helperguard-llvm-${LLVM_VERSION_MAJOR}.pc\")
  file(READ \"${_hg_deb_gen}/helperguard-llvm.pc.in\" _hg_text)
  string(REPLACE \"%HELPERGUARD_PREFIX%\" \"\${CMAKE_INSTALL_PREFIX}\" _hg_text \"\${_hg_text}\")
  message(STATUS \"Installing: \${_hg_pc}\")
  file(WRITE \"\${_hg_pc}\" \"\${_hg_text}\")
" COMPONENT deb_llvm EXCLUDE_FROM_ALL)

# Debian policy: each package carries its copyright file.
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
  DESTINATION share/doc/helperguard-llvm-${LLVM_VERSION_MAJOR} RENAME copyright
  COMPONENT deb_llvm EXCLUDE_FROM_ALL)

# --- helperguard-common: nothing in it depends on the LLVM -----------------------
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE
  DESTINATION share/doc/helperguard-common RENAME copyright
  COMPONENT deb_common EXCLUDE_FROM_ALL)
install(PROGRAMS ${_hg_cmake_dir}/helperguard-dispatch.sh
  DESTINATION bin RENAME helperguard COMPONENT deb_common EXCLUDE_FROM_ALL)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/helper-db/data/
  DESTINATION share/helperguard/db COMPONENT deb_common EXCLUDE_FROM_ALL
  FILES_MATCHING PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/helper-db/FORMAT.md
  DESTINATION share/helperguard/db COMPONENT deb_common EXCLUDE_FROM_ALL)

# The common package must be the same from every build: the template's
# single-plugin branch gets no values of this build, and is then cut out.
set(HG_PER_LLVM 1)
set(HG_DB_DIR share/helperguard/db)
set(HG_MAKEFILE share/helperguard/helperguard.mk)
foreach(v HELPERGUARD_LLVM_VERSION_MAJOR HELPERGUARD_LLVM_TOOLS_DIR
    HELPERGUARD_HAVE_CLANG_PLUGIN HELPERGUARD_HAVE_TOOL)
  set(_hg_saved_${v} "${${v}}")
  set(${v} "")
endforeach()
set(HELPERGUARD_HAVE_CLANG_PLUGIN 0)
set(HELPERGUARD_HAVE_TOOL 0)
configure_package_config_file(${_hg_cmake_dir}/HelperGuardConfig.cmake.in
  ${_hg_deb_gen}/HelperGuardConfig.cmake
  INSTALL_DESTINATION ${_hg_deb_cmakedir}
  PATH_VARS HG_DB_DIR HG_MAKEFILE
  NO_CHECK_REQUIRED_COMPONENTS_MACRO)
file(READ ${_hg_deb_gen}/HelperGuardConfig.cmake _hg_text)
string(FIND "${_hg_text}" "\nelse()\n  # One plugin" _hg_begin)
string(FIND "${_hg_text}" "\nendif()\n\ninclude(" _hg_end)
if(_hg_begin LESS 0 OR _hg_end LESS _hg_begin)
  message(FATAL_ERROR "HelperGuardDebian.cmake: the single-plugin branch of HelperGuardConfig.cmake.in moved")
endif()
string(SUBSTRING "${_hg_text}" 0 ${_hg_begin} _hg_head)
string(SUBSTRING "${_hg_text}" ${_hg_end} -1 _hg_tail)
file(WRITE ${_hg_deb_gen}/HelperGuardConfig.cmake "${_hg_head}${_hg_tail}")
write_basic_package_version_file(${_hg_deb_gen}/HelperGuardConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
    ${_hg_deb_gen}/HelperGuardConfig.cmake
    ${_hg_deb_gen}/HelperGuardConfigVersion.cmake
    ${_hg_cmake_dir}/HelperGuardFunctions.cmake
    ${_hg_cmake_dir}/HelperGuardSelectLLVM.cmake
    ${_hg_cmake_dir}/HelperGuardSkeleton.cmake
  DESTINATION ${_hg_deb_cmakedir} COMPONENT deb_common EXCLUDE_FROM_ALL)

# helperguard.mk: the plugin of the LLVM the fragment selects.
set(HG_MK_PREFIX ../..)
set(HG_MK_PLUGIN "../../lib/llvm-$(HELPERGUARD_LLVM_VERSION_MAJOR)/lib/helperguard/HelperGuard.so")
set(HG_MK_TOOL "../../lib/llvm-$(HELPERGUARD_LLVM_VERSION_MAJOR)/bin/helperguard")
set(HG_MK_TOOLS_DIR "/usr/lib/llvm-$(HELPERGUARD_LLVM_VERSION_MAJOR)/bin")
configure_file(${_hg_cmake_dir}/helperguard.mk.in ${_hg_deb_gen}/helperguard.mk @ONLY)
foreach(v HELPERGUARD_LLVM_VERSION_MAJOR HELPERGUARD_LLVM_TOOLS_DIR
    HELPERGUARD_HAVE_CLANG_PLUGIN HELPERGUARD_HAVE_TOOL)
  set(${v} "${_hg_saved_${v}}")
endforeach()
install(FILES ${_hg_deb_gen}/helperguard.mk
  DESTINATION share/helperguard COMPONENT deb_common EXCLUDE_FROM_ALL)

file(WRITE ${_hg_deb_gen}/helperguard.pc.in
"# The LLVM-independent part of helperguard (package helperguard-common). The
# plugin is in helperguard-llvm-<major>.pc, one per LLVM:
#   pkg-config --cflags helperguard-llvm-$(clang-19 -dumpversion | cut -d. -f1)
prefix=%HELPERGUARD_PREFIX%
datadir=\${prefix}/share/helperguard
dbdir=\${datadir}/db
makefile=\${datadir}/helperguard.mk
cmakedir=\${prefix}/${_hg_deb_cmakedir}
helperguard=\${prefix}/bin/helperguard

Name: helperguard
Description: LLVM pass plugin that guards BPF programs against the helper-prototype verifier miscompile of Linux 6.14-6.18 (the plugins are helperguard-llvm-<major>)
Version: ${PROJECT_VERSION}
")
install(CODE "
  set(_hg_pc \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/share/pkgconfig/helperguard.pc\")
  file(READ \"${_hg_deb_gen}/helperguard.pc.in\" _hg_text)
  string(REPLACE \"%HELPERGUARD_PREFIX%\" \"\${CMAKE_INSTALL_PREFIX}\" _hg_text \"\${_hg_text}\")
  message(STATUS \"Installing: \${_hg_pc}\")
  file(WRITE \"\${_hg_pc}\" \"\${_hg_text}\")
" COMPONENT deb_common EXCLUDE_FROM_ALL)

# --- CPack ---------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME helperguard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The Maintainer field (a placeholder; cpack -D CPACK_PACKAGE_CONTACT="..." sets it).
set(CPACK_PACKAGE_CONTACT "helperguard maintainers <helperguard@invalid>")
# (No CPACK_PACKAGE_DESCRIPTION_SUMMARY: each package's description below
# begins with its own synopsis line.)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL deb_common deb_llvm)
set(CPACK_COMPONENT_DEB_LLVM_DEPENDS deb_common)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)

set(CPACK_DEBIAN_DEB_COMMON_PACKAGE_NAME helperguard-common)
set(CPACK_DEBIAN_DEB_COMMON_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_DEB_COMMON_PACKAGE_RECOMMENDS helperguard-plugin)
set(CPACK_DEBIAN_DEB_COMMON_DESCRIPTION
  "helperguard: BPF helper-prototype miscompile guard (common files)
The helper database, find_package(HelperGuard), helperguard.mk, helperguard.pc
and /usr/bin/helperguard, shared by the helperguard-llvm-<major> packages.")

set(CPACK_DEBIAN_DEB_LLVM_PACKAGE_NAME helperguard-llvm-${LLVM_VERSION_MAJOR})
set(CPACK_DEBIAN_DEB_LLVM_PACKAGE_PROVIDES helperguard-plugin)
# The plugin needs the clang that loads it; the tool links libLLVM and the
# C++ runtime. dpkg-shlibdeps would version the runtime's entries, but it
# reads libLLVM's symbol table for that: cpack took 25 s and 49 s with it on
# the (loaded) 2-core CI machine, 1.3-2 s without. To have it anyway (needs
# dpkg-dev):
#   cpack -G DEB -D CPACK_DEBIAN_DEB_LLVM_PACKAGE_SHLIBDEPS=ON ...
set(CPACK_DEBIAN_DEB_LLVM_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_DEB_LLVM_PACKAGE_DEPENDS
  "clang-${LLVM_VERSION_MAJOR}, libllvm${LLVM_VERSION_MAJOR}, libc6, libstdc++6, libgcc-s1")
set(CPACK_DEBIAN_DEB_LLVM_DESCRIPTION
  "helperguard pass plugin and tool for clang ${LLVM_VERSION_MAJOR}
Guards BPF programs against the helper-prototype verifier miscompile of
Linux 6.14-6.18. Installs into /usr/lib/llvm-${LLVM_VERSION_MAJOR}; the
packages for other LLVM versions install side by side.")
include(CPack)
