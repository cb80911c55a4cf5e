// Shape: the buffer is zero-initialised and written by the helper in the
// program; a (noinline, static) subprogram reads it, through a pointer.
// Hazard: the subprogram is verified with the caller's stack state, so
// its compares fold. The read must stay in the subprogram (it must not be
// inlined or promoted to a by-value argument) and the caller's
// initialisation must be guarded.
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

static __noinline int is_tmp(const char *s)
{
	return s[0] == '/' && s[1] == 't' && s[2] == 'm' && s[3] == 'p';
}

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (is_tmp(buf))
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
// CHECK:        call is_tmp
// CHECK-LABEL:  is_tmp:
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r1 + 0)
// CHECK:        if [[RW]][[V]] != 47 goto
// CHECK-LABEL:  LICENSE:
