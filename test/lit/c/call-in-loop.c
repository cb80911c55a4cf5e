// Shape: the helper is called in a loop (kept a loop); each iteration reads
// the buffer before the call, so the read that follows a call is the next
// iteration's.
// Hazard: the verifier believes the bytes stay 0 across every call and, at
// the second iteration, folds the read. A read that comes before the call
// in the loop body is still a read after the call.
//
// The loop shape: LOOP, or ANYSHAPE for clang 14 (below).
// RUN: %bpfcc %{SNPRINTF_XDP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_XDP} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{SNPRINTF_TC} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_TC} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{SNPRINTF_KPROBE} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_KPROBE} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{FIB_XDP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_XDP} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{FIB_TC} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_TC} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{GET_STACK_RAWTP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-GET_STACK_RAWTP} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_BTF_KPROBE} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{BRANCH_PERF} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-BRANCH_PERF} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{D_PATH_LSM} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_LSM} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}
// RUN: %bpfcc %{D_PATH_FENTRY} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_FENTRY} \
// RUN:   %if llvm14 %{--check-prefix=ANYSHAPE%} %else %{--check-prefix=LOOP%}

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 4; i++) {
		if (buf[i] == 'a')
			return 1;
		WRITE(ctx, buf, sizeof(buf));
	}
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// LOOP:         Loop Header
// LOOP:         [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r{{[0-9]+}} + 0)
// LOOP:         if [[RW]][[V]] {{[!=]=}} 97 goto
// LOOP:         call [[ID]]
// LOOP:         goto LBB0_
// clang 14 keeps the loop for some pairs and peels it for others, despite
// the pragma: there, a read of the buffer and the call, in any order.
// ANYSHAPE-DAG: {{[rw][0-9]+}} = *(u8 *)(r{{[0-9]+}} {{[-+]}} {{[0-9]+}})
// ANYSHAPE-DAG: call [[ID]]
// CHECK-LABEL:  LICENSE:
