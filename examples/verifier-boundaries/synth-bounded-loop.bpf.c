// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-bounded-loop: a loop the compiler keeps (no unrolling) with a bound
 * the verifier must prove. Expected: loaded. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u32 sink;

SEC("xdp")
int synth_bounded_loop(struct xdp_md *ctx)
{
	__u32 acc = ctx->ingress_ifindex;
	int i;

#pragma nounroll
	for (i = 0; i < 32; i++)
		acc = acc * 31 + i;
	sink = acc;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
