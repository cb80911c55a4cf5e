// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pkt-check-flag: does the bounds check once, keeps its outcome in a flag
 * and reads the header later under `if (ok)`. Safe because: ok is 1 only
 * when data + 14 <= end, and nothing changes data or end in between. A
 * control: the verifier walks each outcome of the check as a path of its
 * own, where the flag is a constant, so it accepts this. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_check_flag(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	int ok = data + sizeof(*eth) <= end;

	barrier_var(ok); /* the flag is a value, not a branch */
	if (ok)
		return eth->h_proto == 0xffff ? XDP_DROP : XDP_PASS;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
