// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-stack-access: writes and reads a 64-byte stack buffer.
 * Expected: loaded, stack depth 64. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int synth_stack_access(struct xdp_md *ctx)
{
	volatile __u64 buf[8];
	__u64 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < 8; i++)
		buf[i] = ctx->ingress_ifindex + i;
#pragma unroll
	for (i = 0; i < 8; i++)
		sum += buf[i];
	return sum ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
