// Shape: the helper writes one field (an array) of a struct whose other
// fields are initialised too; a designated initialiser zeroes the rest.
// Hazard: the verifier believes r.text[0] == 0 after the call. The guard
// must make the zeroes of the field opaque; the fields the helper does not
// write (tag, len, seq) keep their constants.
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

struct rec {
	__u32 tag;
	__u32 len;
	char text[BUF_SIZE];
	__u64 seq;
};

SEC(PROG_SEC) int prog(CTX *ctx)
{
	struct rec r = { .tag = 7, .len = 1, .seq = 3 };

	WRITE(ctx, r.text, sizeof(r.text));
	if (r.text[0] == 'a')
		return r.tag;
	return r.len;
}

// CHECK: remark: guarded: [[HELPER]] writes 'r' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// tag = 7 and len = 1 in one word, not made opaque:
// CHECK-DAG:    r[[T:[0-9]+]] = 4294967303 ll
// CHECK-DAG:    r[[Q:[0-9]+]] = 3
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call [[ID]]
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:        if [[RW]][[V]] {{[!=]=}} 97 goto
// CHECK-LABEL:  LICENSE:
