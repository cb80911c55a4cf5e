// RUN: %bpfcc-plain %{SNPRINTF_XDP} -c -o %t.SNPRINTF_XDP.plain.o %s
// RUN: %bpfcc %{SNPRINTF_XDP} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.SNPRINTF_XDP.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --implicit-check-not=guarded
// RUN: %cmp-code %t.SNPRINTF_XDP.plain.o %t.SNPRINTF_XDP.o
// RUN: %bpfcc-plain %{SNPRINTF_TC} -c -o %t.SNPRINTF_TC.plain.o %s
// RUN: %bpfcc %{SNPRINTF_TC} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.SNPRINTF_TC.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --implicit-check-not=guarded
// RUN: %cmp-code %t.SNPRINTF_TC.plain.o %t.SNPRINTF_TC.o
// RUN: %bpfcc-plain %{SNPRINTF_KPROBE} -c -o %t.SNPRINTF_KPROBE.plain.o %s
// RUN: %bpfcc %{SNPRINTF_KPROBE} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.SNPRINTF_KPROBE.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --implicit-check-not=guarded
// RUN: %cmp-code %t.SNPRINTF_KPROBE.plain.o %t.SNPRINTF_KPROBE.o
// RUN: %bpfcc-plain %{FIB_XDP} -c -o %t.FIB_XDP.plain.o %s
// RUN: %bpfcc %{FIB_XDP} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.FIB_XDP.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --implicit-check-not=guarded
// RUN: %cmp-code %t.FIB_XDP.plain.o %t.FIB_XDP.o
// RUN: %bpfcc-plain %{FIB_TC} -c -o %t.FIB_TC.plain.o %s
// RUN: %bpfcc %{FIB_TC} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.FIB_TC.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --implicit-check-not=guarded
// RUN: %cmp-code %t.FIB_TC.plain.o %t.FIB_TC.o
// RUN: %bpfcc-plain %{GET_STACK_RAWTP} -c -o %t.GET_STACK_RAWTP.plain.o %s
// RUN: %bpfcc %{GET_STACK_RAWTP} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.GET_STACK_RAWTP.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --implicit-check-not=guarded
// RUN: %cmp-code %t.GET_STACK_RAWTP.plain.o %t.GET_STACK_RAWTP.o
// RUN: %bpfcc-plain %{SNPRINTF_BTF_KPROBE} -c -o %t.SNPRINTF_BTF_KPROBE.plain.o %s
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.SNPRINTF_BTF_KPROBE.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --implicit-check-not=guarded
// RUN: %cmp-code %t.SNPRINTF_BTF_KPROBE.plain.o %t.SNPRINTF_BTF_KPROBE.o
// RUN: %bpfcc-plain %{BRANCH_PERF} -c -o %t.BRANCH_PERF.plain.o %s
// RUN: %bpfcc %{BRANCH_PERF} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.BRANCH_PERF.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --implicit-check-not=guarded
// RUN: %cmp-code %t.BRANCH_PERF.plain.o %t.BRANCH_PERF.o
// RUN: %bpfcc-plain %{D_PATH_LSM} -c -o %t.D_PATH_LSM.plain.o %s
// RUN: %bpfcc %{D_PATH_LSM} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.D_PATH_LSM.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --implicit-check-not=guarded
// RUN: %cmp-code %t.D_PATH_LSM.plain.o %t.D_PATH_LSM.o
// RUN: %bpfcc-plain %{D_PATH_FENTRY} -c -o %t.D_PATH_FENTRY.plain.o %s
// RUN: %bpfcc %{D_PATH_FENTRY} -Rpass=helperguard -Rpass-analysis=helperguard \
// RUN:   -c -o %t.D_PATH_FENTRY.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --implicit-check-not=guarded
// RUN: %cmp-code %t.D_PATH_FENTRY.plain.o %t.D_PATH_FENTRY.o
//
// Negative: after the call the buffer is read at an index the verifier only
// knows the bounds of (a global's value, masked to the buffer). A
// read at a variable offset is zero only when every byte it may read is
// STACK_ZERO (mark_reg_stack_read); the "= {}" initialiser becomes 8-byte
// spills of a zero register, which such a read gives as unknown. Nothing is
// folded (the verifier-log oracle on 6.17.13: an unknown u8 after the
// load), and the call is left alone. Byte-identical.
//

#include "pairs.h"
__u64 hg_unknown; /* a map value to the verifier, 0 when run */
SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};
	__u32 i = hg_unknown & (BUF_SIZE - 1);

	WRITE(ctx, buf, sizeof(buf));
	if (buf[i] == 'a')
		return 1;
	return 2;
}

// CHECK: remark: [[HELPER]] left alone: the reads after the call learn nothing the verifier knew of the bytes before it (unknown or full-range values)
