// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pkt-length-variable: checks the packet's length as a number, then reads
 * the Ethernet header. Safe because: end - data >= 14 is the same fact as
 * data + 14 <= end. The verifier learns packet bounds only from comparing
 * packet pointers, never from their difference. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_length_variable(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	long len = end - data;

	barrier_var(len);
	if (len < (long)sizeof(*eth))
		return XDP_PASS;
	return eth->h_proto == 0xffff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
