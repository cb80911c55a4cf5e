# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# _helperguard_select_llvm(<out_major> <out_error> <hint> <major>...): picks,
# among the LLVM major versions whose helperguard plugin is installed (<major>...),
# the one matching the clang the project compiles BPF with:
#   1. HELPERGUARD_CLANG, when set: that clang's major version;
#   2. else CMAKE_C_COMPILER, when it is a clang: its major version;
#   3. else (no clang given, e.g. gcc builds the loader) the newest installed.
# In cases 1 and 2 a version without a plugin is an error: <out_error> says
# which clang was given and which versions are installed, and ends with <hint>
# (how to get a plugin for that version; <major> in it becomes the version). Included by HelperGuardConfig.cmake.
# _helperguard_clang_major(<clang> <out_major> <out_output>): the major version
# `<clang> --version` reports, or "" when it fails or is not clang's; the
# command's output goes to <out_output> for the error message. Also used by
# HelperGuardFunctions.cmake.
function(_helperguard_clang_major clang out_major out_output)
  execute_process(COMMAND "${clang}" --version
    OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
  set(${out_output} "${out}" PARENT_SCOPE)
  if(rc EQUAL 0 AND out MATCHES "clang version ([0-9]+)")
    set(${out_major} ${CMAKE_MATCH_1} PARENT_SCOPE)
  else()
    set(${out_major} "" PARENT_SCOPE)
  endif()
endfunction()

function(_helperguard_select_llvm out_major out_error hint)
  set(${out_major} "" PARENT_SCOPE)
  set(${out_error} "" PARENT_SCOPE)
  set(installed ${ARGN})
  list(SORT installed COMPARE NATURAL)
  list(JOIN installed ", " have)
  if(NOT installed)
    set(${out_error} "no helperguard plugin is installed (${hint})" PARENT_SCOPE)
    return()
  endif()

  if(HELPERGUARD_CLANG)
    _helperguard_clang_major("${HELPERGUARD_CLANG}" major out)
    if(NOT major)
      set(${out_error} "HELPERGUARD_CLANG=${HELPERGUARD_CLANG}: `--version` failed or is not clang's: ${out}" PARENT_SCOPE)
      return()
    endif()
    set(given "HELPERGUARD_CLANG=${HELPERGUARD_CLANG} is clang ${major}")
  elseif(CMAKE_C_COMPILER_ID STREQUAL "Clang" AND CMAKE_C_COMPILER_VERSION MATCHES "^([0-9]+)")
    set(major ${CMAKE_MATCH_1})
    set(given "the C compiler ${CMAKE_C_COMPILER} is clang ${major}")
  else()
    list(GET installed -1 major)
    set(${out_major} ${major} PARENT_SCOPE)
    return()
  endif()

  if(NOT major IN_LIST installed)
    string(REPLACE "<major>" "${major}" hint "${hint}")
    set(${out_error} "${given}, but the helperguard plugin is installed for LLVM ${have} only. Compile BPF with a clang of one of those (-DHELPERGUARD_CLANG=clang-<version>), or ${hint}" PARENT_SCOPE)
    return()
  endif()
  set(${out_major} ${major} PARENT_SCOPE)
endfunction()
