// Shape: two calls of the helper on the same zero-initialised buffer, each
// followed by a read.
// Hazard: after either call the verifier still believes the initial zeroes
// (the first call does not clobber them for the second), so both reads
// fold. Both calls are hazardous; guarding the one initialisation covers
// both.
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
// With the reload strategies, each call gets its own reload of the word
// read after it (the opaque zero of the block is shared by both).
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-strategy=reload-ptrdiff \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=RELOAD,RELOAD-PTRDIFF -DID=147
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-strategy=reload-global \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=RELOAD,RELOAD-GLOBAL -DID=165

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};
	int ret = 0;

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a')
		ret |= 1;
	WRITE(ctx, buf, sizeof(buf));
	if (buf[1] == 'b')
		ret |= 2;
	return ret;
}

// CHECK: two-calls.c:[[#@LINE-9]]:{{[0-9]+}}: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK: two-calls.c:[[#@LINE-7]]:{{[0-9]+}}: remark: guarded: [[HELPER]] writes 'buf' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call [[ID]]
// CHECK:        {{[rw]}}{{[0-9]+}} = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:        call [[ID]]
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 97 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 98 goto
// CHECK-LABEL:  LICENSE:

// RELOAD-COUNT-2: remark: guarded: {{.*}} with reload-{{global|ptrdiff}}
// RELOAD-LABEL:   prog:
// RELOAD:         call [[ID]]
// RELOAD-GLOBAL:  r[[G:[0-9]+]] = __helperguard_zero ll
// RELOAD-GLOBAL:  r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// RELOAD-PTRDIFF: r[[Z:[0-9]+]] = r10
// RELOAD-PTRDIFF-NEXT: r[[Z]] -= r10
// RELOAD:         r[[W:[0-9]+]] = *(u64 *)(r10 - [[OFF:[0-9]+]])
// RELOAD:         r[[W]] += r[[Z]]
// RELOAD:         *(u64 *)(r10 - [[OFF]]) = r[[W]]
// RELOAD:         call [[ID]]
// RELOAD:         r[[W2:[0-9]+]] = *(u64 *)(r10 - [[OFF]])
// RELOAD:         r[[W2]] += r[[Z]]
// RELOAD:         *(u64 *)(r10 - [[OFF]]) = r[[W2]]
// RELOAD-LABEL:   LICENSE:
