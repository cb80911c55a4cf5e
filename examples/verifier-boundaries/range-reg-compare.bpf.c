// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* range-reg-compare: indexes a 16-byte table with i after `i < n`, where n
 * is at most 15. Safe because: i < n <= 15, so i is at most 14.
 * The verifier must narrow i from a comparison of two non-constant
 * registers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u8 table[16];

SEC("xdp")
int range_reg_compare(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u64 i, n;

	if (data + 2 > end)
		return XDP_PASS;
	i = p[0];        /* 0..255 */
	n = p[1] & 15;   /* 0..15 */
	if (i < n)
		return table[i] ? XDP_DROP : XDP_PASS;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
