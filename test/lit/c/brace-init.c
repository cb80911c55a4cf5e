// Shape: a buffer zero-initialised with "= {}" (a memset in IR), written by
// the helper, then one byte of it compared.
// Hazard: on 6.14-6.18 the verifier still believes buf[0] == 0 after the
// call, folds the compare to false and deletes the "return 1" branch. The
// guard must store an opaque zero instead of the constant zero, and the
// program must still load buf[0] after the call and branch on it.
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
//
// The same at other optimisation levels (at -O0 the compare survives as a
// sign-extended load and an inverted branch).
// RUN: %bpfcc %{SNPRINTF_XDP} -O0 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_XDP}
// RUN: %bpfcc %{FIB_TC} -O0 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_TC}
// RUN: %bpfcc %{GET_STACK_RAWTP} -O0 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-GET_STACK_RAWTP}
// RUN: %bpfcc %{D_PATH_LSM} -O0 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_LSM}
// RUN: %bpfcc %{SNPRINTF_TC} -O1 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_TC}
// RUN: %bpfcc %{SNPRINTF_KPROBE} -O1 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_KPROBE}
// RUN: %bpfcc %{FIB_XDP} -O3 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-FIB_XDP}
// RUN: %bpfcc %{BRANCH_PERF} -O3 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-BRANCH_PERF}
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -O3 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_BTF_KPROBE}
// RUN: %bpfcc %{D_PATH_FENTRY} -O3 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_FENTRY}
//
// The IR the pass leaves behind, for one pair of each zero kind.
// RUN: %bpfcc %{SNPRINTF_XDP} -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=IR-GLOBAL
// RUN: %bpfcc %{D_PATH_LSM} -S -emit-llvm -o - %s \
// RUN:   | FileCheck %s --check-prefix=IR-PTRDIFF

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a')
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]], about {{[0-9]+}} BPF instruction(s) added
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call [[ID]]
// CHECK:        [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:        if [[RW]][[V]] {{[!=]=}} 97 goto
// CHECK-NOT:    __helperguard_zero ll
// CHECK-LABEL:  LICENSE:

// (Typed pointers, clang 14: "i64*" where later versions print "ptr".)
// IR-GLOBAL:      @__helperguard_zero = internal global i64 0, section ".bss", align 8
// IR-GLOBAL:      define {{.*}} @prog(
// IR-GLOBAL:      [[Z:%.*]] = load volatile i64, {{ptr|i64\*}} @__helperguard_zero, align 8
// IR-GLOBAL-NOT:  call void @llvm.memset
// IR-GLOBAL:      store i64 [[Z]], {{ptr|i64\*}}
// IR-GLOBAL:      call i64 inttoptr (i64 165 to {{ptr|.*\*}})
// IR-GLOBAL:      load i8, {{ptr|i8\*}}

// IR-PTRDIFF-NOT: @__helperguard_zero
// IR-PTRDIFF:     define {{.*}} @prog(
// IR-PTRDIFF:     [[Z:%.*]] = call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()
// IR-PTRDIFF-NOT: call void @llvm.memset
// IR-PTRDIFF:     store i64 [[Z]], {{ptr|i64\*}}
// IR-PTRDIFF:     call i64 inttoptr (i64 147 to {{ptr|.*\*}})
// IR-PTRDIFF:     load i8, {{ptr|i8\*}}
