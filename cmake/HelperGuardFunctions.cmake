# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# helperguard's CMake functions; included by HelperGuardConfig.cmake, which
# sets HELPERGUARD_PLUGIN, HELPERGUARD_LLVM_VERSION_MAJOR and friends first.
#
# helperguard_add_bpf_object(<name>
#     SOURCES <file.bpf.c>...          BPF C sources; several are linked into one
#                                      object with `bpftool gen object`
#     [KERNELS <spec>...]              -bpf-helperguard-kernels (joined by ","),
#                                      e.g. 6.14-6.18 or 6.17.13; default: all
#     [MODE fix|warn|off]              -bpf-helperguard-mode; default fix
#     [STRATEGY <technique>]           -bpf-helperguard-strategy
#     [DB <file.json>]                 -bpf-helperguard-db (extra database)
#     [REPORT <file.json>]             -bpf-helperguard-report (one source only)
#     [REMARKS]                        -Rpass=helperguard (a remark per guarded call)
#     [CHECK]                          run `helperguard check` on the object after
#                                      it is built (same KERNELS and DB): the
#                                      build fails if a hazard is left in it
#     [SKELETON]                       also generate <name>.skel.h with bpftool
#     [SKELETON_NAME <c_name>]         the skeleton's name (default <name>, made a C identifier)
#     [INCLUDE_DIRECTORIES <dir>...]   extra -I for the BPF compile
#     [COMPILE_OPTIONS <opt>...]       extra clang options
#     [DEPENDS <file-or-target>...]    extra dependencies
#     [OUTPUT_DIRECTORY <dir>])        default ${CMAKE_CURRENT_BINARY_DIR}
#
# Creates the target <name> (built by `all`) producing <dir>/<name>.bpf.o and,
# with SKELETON, <dir>/<name>.skel.h plus the INTERFACE library <name>_skel
# (include directory <dir>, builds <name> first): link your loader with it.
# Sets <name>_BPF_OBJECT and <name>_BPF_SKELETON in the caller's scope and the
# target properties HELPERGUARD_OBJECT / HELPERGUARD_SKELETON on <name>.
#
# Cache variables: HELPERGUARD_CLANG (clang of the plugin's LLVM),
# HELPERGUARD_BPFTOOL, HELPERGUARD_BPF_CFLAGS (default -O2;-g), and
# HELPERGUARD_BPF_TARGET_FLAGS (-target bpf, -D__TARGET_ARCH_*, multiarch -I).

if(NOT TARGET HelperGuard::plugin)
  add_library(HelperGuard::plugin MODULE IMPORTED)
  set_target_properties(HelperGuard::plugin PROPERTIES IMPORTED_LOCATION "${HELPERGUARD_PLUGIN}")
endif()
if(HELPERGUARD_EXECUTABLE AND NOT TARGET HelperGuard::helperguard)
  add_executable(HelperGuard::helperguard IMPORTED)
  set_target_properties(HelperGuard::helperguard PROPERTIES IMPORTED_LOCATION "${HELPERGUARD_EXECUTABLE}")
endif()

set(_HELPERGUARD_FUNCTIONS_DIR "${CMAKE_CURRENT_LIST_DIR}")

# _helperguard_find_tools(<errvar>): finds the clang matching the plugin's
# LLVM and bpftool; sets <errvar> to a message when clang is unusable.
function(_helperguard_find_tools errvar)
  set(${errvar} "" PARENT_SCOPE)
  set(major ${HELPERGUARD_LLVM_VERSION_MAJOR})
  find_program(HELPERGUARD_CLANG NAMES clang-${major} clang
    HINTS "${HELPERGUARD_LLVM_TOOLS_DIR}" /usr/lib/llvm-${major}/bin
    DOC "clang of LLVM ${major}, which loads the helperguard plugin")
  if(NOT HELPERGUARD_CLANG)
    set(${errvar} "clang-${major} not found (the plugin was built against LLVM ${major}; set HELPERGUARD_CLANG)" PARENT_SCOPE)
    return()
  endif()
  _helperguard_clang_major("${HELPERGUARD_CLANG}" clang_major out)
  if(NOT clang_major)
    set(${errvar} "${HELPERGUARD_CLANG} --version failed: ${out}" PARENT_SCOPE)
    return()
  endif()
  if(NOT clang_major STREQUAL major)
    set(${errvar} "HELPERGUARD_CLANG=${HELPERGUARD_CLANG} is clang ${clang_major}, but the plugin ${HELPERGUARD_PLUGIN} was built against LLVM ${major}; use clang-${major}" PARENT_SCOPE)
    return()
  endif()
  find_program(HELPERGUARD_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin /usr/local/sbin
    DOC "bpftool, for libbpf skeletons")

  if(NOT DEFINED HELPERGUARD_BPF_TARGET_FLAGS)
    set(proc "${CMAKE_SYSTEM_PROCESSOR}")
    if(NOT proc)
      set(proc "${CMAKE_HOST_SYSTEM_PROCESSOR}")
    endif()
    string(TOLOWER "${proc}" proc)
    if(proc MATCHES "^(x86_64|amd64|i.86)$")
      set(arch x86)
    elseif(proc MATCHES "^(aarch64|arm64)")
      set(arch arm64)
    elseif(proc MATCHES "^arm")
      set(arch arm)
    elseif(proc MATCHES "^s390")
      set(arch s390)
    elseif(proc MATCHES "^(ppc|powerpc)")
      set(arch powerpc)
    elseif(proc MATCHES "^riscv")
      set(arch riscv)
    elseif(proc MATCHES "^loongarch")
      set(arch loongarch)
    else()
      set(arch "${proc}")
    endif()
    set(flags -target bpf -D__TARGET_ARCH_${arch})
    # <asm/types.h> and friends live in the multiarch directory on Debian.
    set(multiarch "${CMAKE_LIBRARY_ARCHITECTURE}")
    if(NOT multiarch)
      set(multiarch "${proc}-linux-gnu")
    endif()
    if(IS_DIRECTORY "/usr/include/${multiarch}")
      list(APPEND flags "-I/usr/include/${multiarch}")
    endif()
    set(HELPERGUARD_BPF_TARGET_FLAGS "${flags}" CACHE STRING
      "Target flags of helperguard_add_bpf_object's BPF compiles")
  endif()
  set(HELPERGUARD_BPF_CFLAGS "-O2;-g" CACHE STRING
    "Optimisation/debug flags of helperguard_add_bpf_object's BPF compiles (keep -g: BTF)")
endfunction()

function(helperguard_add_bpf_object name)
  cmake_parse_arguments(PARSE_ARGV 1 HG "SKELETON;REMARKS;CHECK"
    "MODE;STRATEGY;DB;REPORT;OUTPUT_DIRECTORY;SKELETON_NAME"
    "SOURCES;KERNELS;INCLUDE_DIRECTORIES;COMPILE_OPTIONS;DEPENDS")
  set(fn helperguard_add_bpf_object)
  if(HG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${fn}(${name}): unknown arguments: ${HG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT HG_SOURCES)
    message(FATAL_ERROR "${fn}(${name}): no SOURCES")
  endif()
  # Careful: "off" is false to if(); test for the empty string.
  if(NOT "${HG_MODE}" STREQUAL "" AND NOT HG_MODE MATCHES "^(fix|warn|off)$")
    message(FATAL_ERROR "${fn}(${name}): MODE must be fix, warn or off, not '${HG_MODE}'")
  endif()
  list(LENGTH HG_SOURCES nsrc)
  if(HG_REPORT AND nsrc GREATER 1)
    message(FATAL_ERROR "${fn}(${name}): REPORT works with one source only")
  endif()
  if(NOT HELPERGUARD_CLANG)
    _helperguard_find_tools(err)
    if(err)
      message(FATAL_ERROR "${fn}(${name}): ${err}")
    endif()
  endif()
  if(HG_CHECK AND NOT HELPERGUARD_EXECUTABLE)
    message(FATAL_ERROR "${fn}(${name}): CHECK needs the helperguard tool, which this helperguard install does not have (HELPERGUARD_EXECUTABLE is empty)")
  endif()
  if((HG_SKELETON OR nsrc GREATER 1) AND NOT HELPERGUARD_BPFTOOL)
    message(FATAL_ERROR "${fn}(${name}): bpftool not found (install it, or set HELPERGUARD_BPFTOOL)")
  endif()

  set(outdir "${HG_OUTPUT_DIRECTORY}")
  if(NOT outdir)
    set(outdir "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  get_filename_component(outdir "${outdir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(objdir "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${name}.helperguard")
  file(MAKE_DIRECTORY "${outdir}" "${objdir}")
  set(obj "${outdir}/${name}.bpf.o")

  # Plugin flags: -fpass-plugin runs the pass; -fplugin as well registers its
  # -mllvm options with clang 19 (clang 22 needs only -fpass-plugin).
  set(pflags "-fplugin=${HELPERGUARD_PLUGIN}" "-fpass-plugin=${HELPERGUARD_PLUGIN}")
  if(HG_KERNELS)
    list(JOIN HG_KERNELS "," kernels)
    list(APPEND pflags -mllvm "-bpf-helperguard-kernels=${kernels}")
  endif()
  if(NOT "${HG_MODE}" STREQUAL "")
    list(APPEND pflags -mllvm "-bpf-helperguard-mode=${HG_MODE}")
  endif()
  if(HG_STRATEGY)
    list(APPEND pflags -mllvm "-bpf-helperguard-strategy=${HG_STRATEGY}")
  endif()
  set(deps "${HELPERGUARD_PLUGIN}" ${HG_DEPENDS})
  if(HG_DB)
    get_filename_component(db "${HG_DB}" ABSOLUTE)
    list(APPEND pflags -mllvm "-bpf-helperguard-db=${db}")
    list(APPEND deps "${db}")
  endif()
  if(HG_REPORT)
    get_filename_component(report "${HG_REPORT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND pflags -mllvm "-bpf-helperguard-report=${report}")
  endif()
  if(HG_REMARKS)
    list(APPEND pflags -Rpass=helperguard)
  endif()
  set(incs "")
  foreach(d IN LISTS HG_INCLUDE_DIRECTORIES)
    get_filename_component(d "${d}" ABSOLUTE)
    list(APPEND incs "-I${d}")
  endforeach()

  set(objs "")
  foreach(src IN LISTS HG_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE)
    get_filename_component(base "${src}" NAME_WE)
    if(nsrc EQUAL 1)
      set(o "${obj}")
    else()
      set(o "${objdir}/${base}.o")
    endif()
    file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${o}")
    add_custom_command(OUTPUT "${o}"
      COMMAND "${HELPERGUARD_CLANG}" ${HELPERGUARD_BPF_CFLAGS} ${HELPERGUARD_BPF_TARGET_FLAGS}
              ${incs} ${HG_COMPILE_OPTIONS} ${pflags}
              -MD -MF "${o}.d" -c "${src}" -o "${o}"
      MAIN_DEPENDENCY "${src}"
      DEPENDS ${deps}
      DEPFILE "${o}.d"
      COMMENT "Building BPF object ${rel} (helperguard)"
      VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND objs "${o}")
  endforeach()
  if(nsrc GREATER 1)
    file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${obj}")
    add_custom_command(OUTPUT "${obj}"
      COMMAND "${HELPERGUARD_BPFTOOL}" gen object "${obj}" ${objs}
      DEPENDS ${objs}
      COMMENT "Linking BPF object ${rel}"
      VERBATIM)
  endif()
  set(outputs "${obj}")

  # CHECK: translation validation of the guard through the BPF backend. A
  # stamp file records a clean check, so a failed one fails every build
  # until the object changes.
  if(HG_CHECK)
    set(cargs "")
    if(HG_KERNELS)
      list(APPEND cargs --kernels "${kernels}")
    endif()
    if(HG_DB)
      list(APPEND cargs --db "${db}")
    endif()
    set(stamp "${objdir}/${name}.checked")
    file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${obj}")
    add_custom_command(OUTPUT "${stamp}"
      COMMAND "${HELPERGUARD_EXECUTABLE}" check ${cargs} "${obj}"
      COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
      DEPENDS "${obj}" "${HELPERGUARD_EXECUTABLE}"
      COMMENT "Checking BPF object ${rel} (helperguard check)"
      VERBATIM)
    list(APPEND outputs "${stamp}")
  endif()

  set(skel "")
  if(HG_SKELETON)
    set(sname "${HG_SKELETON_NAME}")
    if(NOT sname)
      string(MAKE_C_IDENTIFIER "${name}" sname)
    endif()
    set(skel "${outdir}/${name}.skel.h")
    file(RELATIVE_PATH rel "${CMAKE_BINARY_DIR}" "${skel}")
    add_custom_command(OUTPUT "${skel}"
      COMMAND "${CMAKE_COMMAND}" "-DBPFTOOL=${HELPERGUARD_BPFTOOL}" "-DOBJECT=${obj}"
              "-DNAME=${sname}" "-DOUTPUT=${skel}"
              -P "${_HELPERGUARD_FUNCTIONS_DIR}/HelperGuardSkeleton.cmake"
      DEPENDS "${obj}" "${_HELPERGUARD_FUNCTIONS_DIR}/HelperGuardSkeleton.cmake"
      COMMENT "Generating BPF skeleton ${rel}"
      VERBATIM)
    list(APPEND outputs "${skel}")
  endif()

  add_custom_target(${name} ALL DEPENDS ${outputs})
  set_target_properties(${name} PROPERTIES
    HELPERGUARD_OBJECT "${obj}" HELPERGUARD_SKELETON "${skel}")
  if(HG_SKELETON)
    add_library(${name}_skel INTERFACE)
    target_include_directories(${name}_skel INTERFACE "${outdir}")
    add_dependencies(${name}_skel ${name})
  endif()
  set(${name}_BPF_OBJECT "${obj}" PARENT_SCOPE)
  set(${name}_BPF_SKELETON "${skel}" PARENT_SCOPE)
endfunction()
