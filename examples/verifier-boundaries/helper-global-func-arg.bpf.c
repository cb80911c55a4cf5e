// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* helper-global-func-arg: a global (BTF-checked) function dereferences its
 * pointer argument without a NULL check; its only caller passes a stack
 * address. Safe because: the pointer is &x, never NULL. The verifier checks
 * a global function once, for every possible argument, not for its
 * callers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__noinline int bump(int *p)
{
	return *p + 1;
}

SEC("xdp")
int helper_global_func_arg(struct xdp_md *ctx)
{
	int x = ctx->ingress_ifindex;

	return bump(&x) == 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
