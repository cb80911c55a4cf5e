// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* verifier-fail: a socket filter reads __sk_buff->tc_classid, which only tc
 * programs may read. Expected: rejected, "invalid bpf_context access"
 * (context access). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int verifier_fail(struct __sk_buff *skb)
{
	return skb->tc_classid;
}

char LICENSE[] SEC("license") = "GPL";
