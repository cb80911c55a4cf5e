// "helperguard check" on the compiled object of every helper/program-type
// pair: the unguarded object has one hazard (exit 1), named with its helper,
// program type, kernels and source line, and the use the verifier folds;
// the object the plugin guarded checks clean (exit 0).
//
// RUN: for p in SNPRINTF_XDP SNPRINTF_TC SNPRINTF_KPROBE FIB_XDP FIB_TC \
// RUN:          GET_STACK_RAWTP SNPRINTF_BTF_KPROBE BRANCH_PERF D_PATH_LSM \
// RUN:          D_PATH_FENTRY; do \
// RUN:   %bpfcc-plain -DPAIR_$p -c -o %t.$p.plain.o %s && \
// RUN:   %bpfcc -DPAIR_$p -c -o %t.$p.guarded.o %s || exit 1; \
// RUN:   echo "PAIR $p"; \
// RUN:   %helperguard check %t.$p.plain.o; echo "exit=$?"; \
// RUN:   %helperguard check %t.$p.guarded.o; echo "exit=$?"; \
// RUN: done > %t.out
// RUN: FileCheck %s < %t.out

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a') // the use
		return 1;
	return 2;
}

// CHECK-LABEL: PAIR SNPRINTF_XDP
// CHECK:      pairs.c:23:{{[0-9]+}} (xdp+0x{{[0-9a-f]+}}): hazard: bpf_snprintf in prog (xdp), kernels 6.14-6.18
// CHECK-NEXT:   the verifier keeps the old contents
// CHECK-NEXT:   used at {{.*}}pairs.c:{{24|27}}:
// CHECK:      1 program(s), 1 helper/kfunc call(s), 1 hazardous on kernels all
// CHECK-NEXT: exit=1
// CHECK:      1 program(s), 1 helper/kfunc call(s), 0 hazardous on kernels all
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR SNPRINTF_TC
// CHECK:      hazard: bpf_snprintf in prog (sched_cls), kernels 6.14-6.18
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR SNPRINTF_KPROBE
// CHECK:      hazard: bpf_snprintf in prog (kprobe)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR FIB_XDP
// CHECK:      hazard: bpf_fib_lookup in prog (xdp)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR FIB_TC
// CHECK:      hazard: bpf_fib_lookup in prog (sched_cls)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR GET_STACK_RAWTP
// CHECK:      hazard: bpf_get_stack in prog (raw_tracepoint)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR SNPRINTF_BTF_KPROBE
// CHECK:      hazard: bpf_snprintf_btf in prog (kprobe)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR BRANCH_PERF
// CHECK:      hazard: bpf_read_branch_records in prog (perf_event)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR D_PATH_LSM
// CHECK:      hazard: bpf_d_path in prog (lsm)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
// CHECK-LABEL: PAIR D_PATH_FENTRY
// CHECK:      hazard: bpf_d_path in prog (tracing)
// CHECK:      exit=1
// CHECK:      0 hazardous
// CHECK-NEXT: exit=0
