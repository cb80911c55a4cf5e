// Shape: the helper writes a field at offset 4 of a struct whose alignment
// is 4 (no 8-byte member); the first field is initialised too.
// Hazard: as struct-field.c. The trap is the guard itself: the BPF verifier
// rejects stack accesses that are not aligned to their size, so neither
// the rewritten initialisation nor the reload may use an 8-byte access at
// an offset that is only 4-aligned (the guard raises the object's
// alignment to 8 and splits at 4-byte boundaries). All four strategies.
//
// RUN: %bpfcc %{SNPRINTF_XDP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_XDP}
// RUN: %bpfcc %{SNPRINTF_KPROBE} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-SNPRINTF_KPROBE}
// RUN: %bpfcc %{GET_STACK_RAWTP} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-GET_STACK_RAWTP}
// RUN: %bpfcc %{D_PATH_FENTRY} -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s %{check-D_PATH_FENTRY}
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-strategy=reload-ptrdiff \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s --check-prefixes=RELOAD
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-strategy=reload-global \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s --check-prefixes=RELOAD
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-strategy=init-ptrdiff \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s --check-prefixes=INIT
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-strategy=init-global \
// RUN:   -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s --check-prefixes=INIT

#include "pairs.h"

struct s4 {
	__u32 id;
	char name[20];
};

SEC(PROG_SEC) int prog(CTX *ctx)
{
	struct s4 s = { .id = 1 };

	WRITE(ctx, s.name, sizeof(s.name));
	if (s.name[0] == 'a' && s.name[17] == 0)
		return s.id;
	return 0;
}

// CHECK: remark: guarded: [[HELPER]] writes 's' ([[PROG]]; kernels 6.14-6.18{{[.0-9]*}}) with init-[[ZERO]]
// CHECK-LABEL: prog:
// GLOBAL:       r[[G:[0-9]+]] = __helperguard_zero ll
// GLOBAL:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// PTRDIFF:      r[[Z:[0-9]+]] = r10
// PTRDIFF-NEXT: r[[Z]] -= r10
// CHECK-NOT:    *(u64 *)(r10 - {{4|12|20|28|36|44}})
// CHECK:        call [[ID]]
// CHECK-NOT:    *(u64 *)(r10 - {{4|12|20|28|36|44}})
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 97 goto
// CHECK-DAG:    if {{[rw]}}{{[0-9]+}} {{[!=]=}} 0 goto
// CHECK-LABEL:  LICENSE:

// RELOAD: remark: guarded: {{.*}} with reload-
// RELOAD-LABEL: prog:
// RELOAD-NOT:   *(u64 *)(r10 - {{4|12|20|28|36|44}})
// RELOAD:       call {{[0-9]+}}
// RELOAD-NOT:   *(u64 *)(r10 - {{4|12|20|28|36|44}})
// RELOAD:       += r{{[0-9]+}}
// RELOAD-NOT:   *(u64 *)(r10 - {{4|12|20|28|36|44}})
// RELOAD-LABEL: LICENSE:

// INIT: remark: guarded: {{.*}} with init-
// INIT-LABEL: prog:
// INIT-NOT:   *(u64 *)(r10 - {{4|12|20|28|36|44}})
// INIT-LABEL: LICENSE:
