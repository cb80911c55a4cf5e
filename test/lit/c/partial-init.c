// Shape: only the first two bytes of the buffer are initialised (0 and
// 'x'), the rest is left uninitialised; the helper writes the whole buffer
// and both initialised bytes are compared after the call.
// Hazard: the verifier knows the two bytes (a zero and a constant) and
// folds both compares; the uninitialised bytes do not matter. The guard
// must make both byte stores opaque.
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

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE];

	buf[0] = 0;
	buf[1] = 'x';
	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a' && buf[1] == 'b')
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u8 *)(r10 - {{[0-9]+}}) = [[RW:[rw]]][[Z]]
// CHECK:        [[RW]][[Z]] += 120
// CHECK:        *(u8 *)(r10 - {{[0-9]+}}) = [[RW]][[Z]]
// CHECK:        call [[ID]]
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 97 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 98 goto
// CHECK-LABEL:  LICENSE:
