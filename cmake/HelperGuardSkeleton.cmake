# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# cmake -DBPFTOOL=... -DOBJECT=x.bpf.o -DNAME=x -DOUTPUT=x.skel.h -P HelperGuardSkeleton.cmake
# Runs `bpftool gen skeleton`; writes OUTPUT only when bpftool succeeds.
execute_process(COMMAND "${BPFTOOL}" gen skeleton "${OBJECT}" name "${NAME}"
  OUTPUT_FILE "${OUTPUT}.tmp" ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "bpftool gen skeleton ${OBJECT} failed (${rc}): ${err}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
