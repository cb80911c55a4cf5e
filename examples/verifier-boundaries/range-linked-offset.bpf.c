// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* range-linked-offset: tests j = i + 1 and indexes with i. Safe because:
 * j < 16 means i < 15. The verifier must remember that j and i differ by
 * a constant and narrow i when j is tested. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u8 table[16];

SEC("xdp")
int range_linked_offset(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	__u64 i, j;

	if (data + 1 > end)
		return XDP_PASS;
	i = p[0];
	j = i + 1;
	barrier_var(j); /* keep clang from testing i < 15 instead */
	if (j < 16)
		return table[i] ? XDP_DROP : XDP_PASS;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
