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
// Shape: after the call the buffer is read at an index the verifier only
// knows the bounds of (a global's value, masked), within four bytes
// zeroed by a store that does not start an 8-byte slot.
// Hazard: a store of zero that is not a register spill makes STACK_ZERO
// bytes, and a read at a variable offset whose every byte is STACK_ZERO is
// zero (mark_reg_stack_read): the verifier folds buf[4 + i] to 0 after the
// call. The guard must make the zero store opaque; the read stays a load
// through a computed pointer. (Zeros stored as 8-byte spills, as "= {}"
// gives, read at a variable offset as unknown: neg-variable-index.c.)
//

#include "pairs.h"
__u64 hg_unknown; /* a map value to the verifier, 0 when run */
SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] __attribute__((aligned(8)));
	__u32 i = hg_unknown & 3;

	// Hide i's bits from LLVM: it would otherwise OR them into the
	// 4-aligned pointer, which the verifier rejects.
	asm volatile("" : "+r"(i));
	*(__u32 *)&buf[4] = 0;
	WRITE(ctx, buf, sizeof(buf));
	if (buf[4 + i] == 'a')
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u32 *)(r10 - {{[0-9]+}}) = {{[rw]}}[[Z]]
// CHECK:        call [[ID]]
// CHECK:        r[[P:[0-9]+]] += r{{[0-9]+}}
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r[[P]] + {{[0-9]+}})
// CHECK:        if [[RW]][[V]] {{[!=]=}} 97 goto
// CHECK-LABEL:  LICENSE:
