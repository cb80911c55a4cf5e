// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp-fib-router: an XDP IPv4 forwarder. For each IPv4 packet it asks the
 * kernel's FIB (bpf_fib_lookup) for the next hop, decrements the TTL, writes
 * the next hop's MAC as destination and the egress device's MAC as source, and
 * sends the packet out: XDP_TX when the egress device is the ingress device,
 * else XDP_REDIRECT to it. Anything it cannot forward goes to the stack
 * (XDP_PASS).
 *
 * It refuses (XDP_DROP, counted) a next hop whose MAC is a group address
 * (multicast or broadcast): RFC 1812 3.3.2 says a router must not believe
 * that another host's or router's link address is one, but Linux accepts
 * such a neighbour entry (`ip neigh replace ... lladdr 01:00:5e:00:00:01`),
 * and forwarding to it would flood the segment with unicast traffic.
 *
 * `fib` is zero-initialised and bpf_fib_lookup writes it; on Linux 6.14-6.18
 * the verifier does not know that (no MEM_WRITE in bpf_xdp_fib_lookup's
 * prototype) and believes fib.dmac is still zero. It then decides that
 * `fib.dmac[0] & 1` is 0 and removes the refusal: unguarded, this program
 * forwards to a multicast MAC on those kernels (see README.md). Built with
 * the helperguard plugin it behaves the same on every kernel.
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
/* Packets dropped because the next hop's MAC is a group address. */
__u64 group_mac_drops;

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
	if (fib.dmac[0] & 1) {	/* the group bit: multicast or broadcast */
		__sync_fetch_and_add(&group_mac_drops, 1);
		return XDP_DROP;
	}

	ip_decrease_ttl(iph);
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
}

char LICENSE[] SEC("license") = "GPL";
