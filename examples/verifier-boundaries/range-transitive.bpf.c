// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* range-transitive: the same facts as range-reg-compare, learned in the
 * other order: first `i < n`, then `n <= 16`. Safe because: i < n <= 16,
 * so i is at most 15. The verifier keeps ranges, not relations between
 * registers: when it learns n <= 16, i is not narrowed any more. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u8 table[16];

SEC("xdp")
int range_transitive(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u64 i, n;

	if (data + 2 > end)
		return XDP_PASS;
	i = p[0];
	n = p[1];
	if (i >= n)
		return XDP_PASS;
	barrier_var(n); /* keep the two tests apart and in this order */
	if (n > 16)
		return XDP_PASS;
	return table[i] ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
