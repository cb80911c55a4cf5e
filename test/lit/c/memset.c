// Shape: a buffer filled by memset() with a non-zero byte (' '), written by
// the helper, then its first byte compared with that byte.
// Hazard: the backend stores the spaces as 8-byte spills of a constant
// register; buf[0] is a fill at a spill's low address, so the verifier
// believes buf[0] == ' ' after the call and folds the compare to true
// (measured on 6.17.13 by the verifier-log oracle, docs/oracle.md). The
// guard must store ' ' plus an opaque zero (the memset disappears), and the
// program must still load buf[0] and branch on it. (A read of buf[1] learns
// nothing: neg-memset-mid-slot.c.)
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

	__builtin_memset(buf, ' ', sizeof(buf));
	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == ' ')
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// The eight spaces, plus the zero.
// CHECK:        r[[C:[0-9]+]] = 2314885530818453536 ll
// CHECK:        r[[S:[0-9]+]] += r{{[0-9]+}}
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[S]]
// CHECK:        call [[ID]]
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:        if [[RW]][[V]] {{[!=]=}} 32 goto
// CHECK-LABEL:  LICENSE:
