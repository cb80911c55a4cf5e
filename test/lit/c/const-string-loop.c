// Shape: after the call, a loop compares the buffer with a constant string
// ("/tmp/"), byte by byte, the way a path prefix check does. Two programs:
// the loop as clang unrolls it at -O2, and the loop kept as a loop (the read
// at a variable offset of the buffer).
// Hazard: the verifier believes every byte is 0, so the first compare folds
// to "mismatch" and the rest of the check is dead code to it.
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

static const char prefix[] = "/tmp/";

SEC(PROG_SEC) int unrolled(CTX *ctx)
{
	char buf[BUF_SIZE] = {};
	int i;

	WRITE(ctx, buf, sizeof(buf));
	for (i = 0; i < sizeof(prefix) - 1; i++)
		if (buf[i] != prefix[i])
			return 2;
	return 1;
}

SEC(PROG_SEC) int looped(CTX *ctx)
{
	char buf[BUF_SIZE] = {};
	int i;

	WRITE(ctx, buf, sizeof(buf));
#pragma clang loop unroll(disable)
	for (i = 0; i < sizeof(prefix) - 1; i++)
		if (buf[i] != prefix[i])
			return 2;
	return 1;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: unrolled:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call [[ID]]
// Every byte of "/tmp/" is still compared.
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 47 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 116 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 109 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 112 goto
// CHECK-LABEL: looped:
// GLOBAL:       r[[G2:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z2:[0-9]+]] = *(u64 *)(r[[G2]] + 0)
// PTRDIFF:      r[[Z2:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z2]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z2]]
// CHECK:        call [[ID]]
// CHECK:        Loop Header
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r{{[0-9]+}} + 0)
// CHECK:        if [[RW]]{{[0-9]+}} {{[!=]=}} [[RW]]{{[0-9]+}} goto
// CHECK-LABEL:  LICENSE:
