// Negative: helpers whose prototypes declare the buffer they write
// (ARG_PTR_TO_UNINIT_MEM): bpf_probe_read_kernel and bpf_get_current_comm.
// The verifier clobbers the slots at the call on every kernel, so the zero
// initialisation is forgotten and nothing is folded. Byte-identical, in a
// tracing program (CAP_PERFMON) and in a tc program.
//
// RUN: %bpfcc-plain -c -o %t.kprobe.plain.o %s
// RUN: %bpfcc -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.kprobe.o %s 2>&1 \
// RUN:   | FileCheck %s -DPROG=kprobe --implicit-check-not=guarded
// RUN: %cmp-code %t.kprobe.plain.o %t.kprobe.o
// RUN: %bpfcc-plain -DTC -c -o %t.tc.plain.o %s
// RUN: %bpfcc -DTC -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.tc.o %s 2>&1 \
// RUN:   | FileCheck %s -DPROG=sched_cls --implicit-check-not=guarded
// RUN: %cmp-code %t.tc.plain.o %t.tc.o

#include "hg.h"

#ifdef TC
SEC("tc") int prog(struct __sk_buff *ctx)
#else
SEC("kprobe/do_sys_openat2") int prog(void *ctx)
#endif
{
	char comm[16] = {};
	char data[16] = {};

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_probe_read_kernel(data, sizeof(data), ctx);
	if (comm[0] == 'a' && data[0] == 'b')
		return 1;
	return 2;
}

// CHECK-DAG: remark: bpf_get_current_comm left alone: bpf_get_current_comm declares every buffer it writes ([[PROG]])
// CHECK-DAG: remark: bpf_probe_read_kernel left alone: bpf_probe_read_kernel declares every buffer it writes ([[PROG]])
