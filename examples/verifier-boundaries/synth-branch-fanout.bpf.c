// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-branch-fanout: a chain of data-dependent branches on packet bytes,
 * which multiplies the verifier's states. Expected: loaded. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int synth_branch_fanout(struct xdp_md *ctx)
{
	unsigned char *data = (void *)(long)ctx->data;
	unsigned char *end = (void *)(long)ctx->data_end;
	int score = 0, i;

	if (data + 8 > end)
		return XDP_ABORTED;
#pragma unroll
	for (i = 0; i < 8; i++) {
		if (data[i] & 1)
			score += i;
		else
			score -= 1;
	}
	return score > 0 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
