// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* realistic-compound-filter: a tc filter that parses Ethernet, IPv4 (with
 * options) and TCP, and drops TCP SYNs to port 80 from 10.0.0.0/8.
 * Expected: loaded; the test packet (10.0.0.1 -> :80 SYN) is dropped:
 * TC_ACT_SHOT (2). */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc")
int realistic_compound_filter(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp;
	__u32 ihl;

	if ((void *)(ip + 1) > end)
		return TC_ACT_OK;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	ihl = ip->ihl * 4;
	if (ihl < sizeof(*ip) || ihl > 60)
		return TC_ACT_OK;
	tcp = (void *)ip + ihl;
	if ((void *)(tcp + 1) > end)
		return TC_ACT_OK;
	if ((bpf_ntohl(ip->saddr) >> 24) == 10 && tcp->dest == bpf_htons(80) &&
	    tcp->syn && !tcp->ack)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
