// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * In the guest the lookup fails before writing (no forwarding), so the run
 * time result is the same either way; the signal is the removed branch.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("xdp")
int xdp_fib_lookup(struct xdp_md *ctx)
{
	struct bpf_fib_lookup p = {0};

	p.family = 2; /* AF_INET */
	p.ifindex = ctx->ingress_ifindex;
	bpf_fib_lookup(ctx, &p, sizeof(p), 0);
	if (p.smac[0] == 0x02) {
		matched++;
		return 1;
	}
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
