// Shape: the buffer is initialised on both sides of a branch, with zeroes
// on one side and 'x' bytes on the other, then written by the helper and
// read.
// Hazard: on either path the verifier knows the bytes (0 or 'x') and folds
// the compare. Both initialisations reach the call and both must be made
// opaque (the backend may merge them into one set of stores of a phi).
//
// RUN: %bpfcc %{SNPRINTF_XDP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_XDP}
// RUN: %bpfcc %{SNPRINTF_TC} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_TC}
// RUN: %bpfcc %{SNPRINTF_KPROBE} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_KPROBE}
// RUN: %bpfcc %{FIB_XDP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_XDP}
// RUN: %bpfcc %{FIB_TC} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_TC}
// RUN: %bpfcc %{GET_STACK_RAWTP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-GET_STACK_RAWTP}
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_BTF_KPROBE}
// RUN: %bpfcc %{BRANCH_PERF} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-BRANCH_PERF}
// RUN: %bpfcc %{D_PATH_LSM} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_LSM}
// RUN: %bpfcc %{D_PATH_FENTRY} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_FENTRY}

#include "pairs.h"
__u64 hg_unknown; /* a map value to the verifier, 0 when run */
SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE];

	if (hg_unknown & 1)
		__builtin_memset(buf, 0, sizeof(buf));
	else
		__builtin_memset(buf, 'x', sizeof(buf));
	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a')
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// One opaque zero on each side; the 'x' side adds it to the eight 'x's.
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r{{[0-9]+}} = *(u64 *)(r[[G]] + 0)
// GLOBAL:       r[[G2:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r{{[0-9]+}} = *(u64 *)(r[[G2]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// PTRDIFF:      r[[Z2:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z2]] -= r10
// CHECK-NOT:    call [[ID]]
// CHECK:        8680820740569200760 ll
// CHECK:        call [[ID]]
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:        if [[RW]][[V]] {{[!=]=}} 97 goto
// CHECK-LABEL:  LICENSE:
