// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* pkt-checked-per-path: two paths check different lengths (34 and 54
 * bytes) and join before a read at offset 30. Safe because: both lengths
 * cover bytes 30..33. The control of the set: the verifier walks each path
 * with its own range, so spread checks are fine as long as every path
 * compares packet pointers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int pkt_checked_per_path(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (data + 1 > end)
		return XDP_PASS;
	if (p[0] & 1) {
		if (data + 34 > end)
			return XDP_PASS;
	} else {
		if (data + 54 > end)
			return XDP_PASS;
	}
	barrier_var(p);
	return *(__u32 *)(p + 30) == 0xffffffff ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
