// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pkt-var-length-check: checks data + len <= end for a header length len
 * read from the packet, then len >= 14, then reads the Ethernet header at
 * data. Safe because: data + 14 <= data + len <= end. The verifier gives
 * the proven range to the pointer data + len, not to data. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_var_length_check(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u64 len;

	if (data + 1 > end)
		return XDP_PASS;
	len = *(__u8 *)data & 63;
	if (data + len > end)
		return XDP_PASS;
	barrier_var(len);
	if (len < sizeof(*eth))
		return XDP_PASS;
	return eth->h_proto == 0xffff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
