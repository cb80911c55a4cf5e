// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* range-modulo: indexes a 10-byte table with x % 10. Safe because: an
 * unsigned remainder by 10 is at most 9. The verifier must bound the
 * result of BPF_MOD. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u8 table[10];

SEC("xdp")
int range_modulo(struct xdp_md *ctx)
{
	__u64 x = ctx->ingress_ifindex, d = 10;

	barrier_var(d); /* a real BPF_MOD, not a multiply-shift */
	return table[x % d] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
