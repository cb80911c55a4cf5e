// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pkt-check-in-func: the bounds check lives in a global function
 * has_eth(ctx) that returns data + 14 <= end; the caller reads the header
 * when it returns 1. Safe because: has_eth reads the same data and end
 * and the caller changes neither. The verifier checks a global function
 * on its own and keeps only its return type (a number), not what it
 * proved. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

__noinline int has_eth(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	return data + sizeof(struct ethhdr) <= end;
}

SEC("xdp")
int pkt_check_in_func(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;

	if (!has_eth(ctx))
		return XDP_PASS;
	return eth->h_proto == 0xffff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
