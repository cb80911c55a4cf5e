// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* verifier-pass: the smallest valid program. Expected: loaded, XDP_PASS (2). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int verifier_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
