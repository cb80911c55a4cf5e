// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * An XDP program that logs the packet length with bpf_snprintf into a zeroed
 * buffer and passes the packet when the text starts with a digit (always).
 * On Linux 6.14-6.18 the verifier keeps believing the buffer is zero, takes
 * buf[0] >= '0' for false and drops every packet, unless helperguard guards it.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 passed;

SEC("xdp")
int hello(struct xdp_md *ctx)
{
	char buf[16] = {};
	__u64 len = ctx->data_end - ctx->data;

	bpf_snprintf(buf, sizeof(buf), "%llu", &len, sizeof(len));
	if (buf[0] >= '0' && buf[0] <= '9') {
		passed++;
		return XDP_PASS;
	}
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
