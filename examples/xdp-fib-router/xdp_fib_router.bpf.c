// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp-fib-router: an XDP IPv4 forwarder. For each IPv4 packet it asks the
 * kernel's FIB (bpf_fib_lookup) for the next hop, decrements the TTL, writes
 * the next hop's MAC as destination and the egress device's MAC as source, and
 * sends the packet out: XDP_TX when the egress device is the ingress device,
 * else XDP_REDIRECT to it. Anything it cannot forward goes to the stack
 * (XDP_PASS).
 *
 * `fib` is zero-initialised and bpf_fib_lookup writes it; on Linux 6.14-6.18
 * the verifier does not know that (no MEM_WRITE in bpf_xdp_fib_lookup's
 * prototype) and believes fib.dmac and fib.smac are still zero. This program
 * only loads them (the verifier does not rewrite loads) and branches only on
 * fib.ifindex against another unknown value, so on 6.17.13 it is not
 * miscompiled (see README.md); a branch on a known-zero field would be.
 * Built with the helperguard plugin it behaves the same on every kernel.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define AF_INET 2

/* For user space: the last lookup's result code and egress ifindex. */
int last_fib_rc = -1;
__u32 last_ifindex;

static __always_inline void ip_decrease_ttl(struct iphdr *iph)
{
	__u32 check = (__u32)iph->check;

	check += (__u32)bpf_htons(0x0100);
	iph->check = (__sum16)(check + (check >= 0xFFFF));
	iph->ttl--;
}

SEC("xdp")
int xdp_fib_router(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = data;
	struct iphdr *iph;
	long rc;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return XDP_DROP;
	if (iph->ttl <= 1)
		return XDP_PASS;	/* let the stack send the ICMP error */

	fib.family = AF_INET;
	fib.tos = iph->tos;
	fib.l4_protocol = iph->protocol;
	fib.tot_len = bpf_ntohs(iph->tot_len);
	fib.ipv4_src = iph->saddr;
	fib.ipv4_dst = iph->daddr;
	fib.ifindex = ctx->ingress_ifindex;

	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	last_fib_rc = rc;
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return XDP_PASS;
	last_ifindex = fib.ifindex;

	ip_decrease_ttl(iph);
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
