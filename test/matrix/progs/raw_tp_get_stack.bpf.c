// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * Run time (BPF_PROG_TEST_RUN): 1 when correct (the first frame is a kernel
 * address), 2 when miscompiled.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("raw_tp/sys_enter")
int raw_tp_get_stack(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 stack[4] = {0};

	bpf_get_stack(ctx, stack, sizeof(stack), 0);
	if (stack[0] != 0) {
		matched++;
		return 1;
	}
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
