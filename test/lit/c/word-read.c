// Shape: a __u64 array zero-initialised, written by the helper, then one
// 8-byte word of it compared with 0.
// Hazard: the verifier keeps the spilled constant 0 in the slot and folds
// the 64-bit compare. The guard must store an opaque zero in the word, and
// the program must still load the whole word (u64) after the call.
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
	__u64 buf[BUF_SIZE / 8] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (buf[1] == 0)
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call [[ID]]
// CHECK:        r[[V:[0-9]+]] = *(u64 *)(r10 - {{[0-9]+}})
// CHECK:        if r[[V]] {{[!=]=}} 0 goto
// CHECK-LABEL:  LICENSE:
