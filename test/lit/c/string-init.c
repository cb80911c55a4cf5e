// Shape: a buffer initialised from a string literal ("unknown" and 56 zero
// bytes): clang copies a constant global into it (memcpy) or stores the
// constant words.
// Hazard: the verifier knows every byte (copies of constants), believes
// buf[0] == 'u' and buf[9] == 0 after the call and folds both compares.
// The guard must turn the copy into stores of the constants plus an opaque
// zero.
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
	char buf[BUF_SIZE] = "unknown";

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'u' && buf[9] == 0)
		return 1;
	return 2;
}

// CHECK: remark: guarded: [[HELPER]] writes {{'buf'|a 64-byte stack buffer of prog}} ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// "unknown\0" as a little-endian word, plus the zero:
// CHECK:        r[[C:[0-9]+]] = 31093567915781749 ll
// CHECK:        r{{[0-9]+}} += r{{[0-9]+}}
// CHECK:        call [[ID]]
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 117 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 0 goto
// CHECK-LABEL:  LICENSE:
