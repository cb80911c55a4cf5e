// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* realistic-helper-call: samples packets with bpf_get_prandom_u32() and
 * stamps them with bpf_ktime_get_ns(). Expected: loaded, XDP_PASS. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 last_sample_ns;

SEC("xdp")
int realistic_helper_call(struct xdp_md *ctx)
{
	if ((bpf_get_prandom_u32() & 0xff) == 0)
		last_sample_ns = bpf_ktime_get_ns();
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
