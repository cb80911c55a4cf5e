// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * snprintf-log: a tc filter that formats a log line for each IPv4 packet with
 * bpf_snprintf into a zeroed stack buffer, publishes it for user space, and
 * decides on the formatted text: TCP ("proto=6 ...") passes and is counted,
 * anything else is dropped.
 *
 * `line` is zero-initialised and bpf_snprintf writes it; on Linux 6.14-6.18
 * the verifier does not know that (no MEM_WRITE in bpf_snprintf's prototype),
 * believes line[6] is still 0, and deletes the TCP branch as dead code: every
 * packet would be dropped. Built with the helperguard plugin it behaves the
 * same on every kernel.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

char last_line[32];	/* the last formatted line, for user space */
__u64 tcp_lines;	/* lines that said proto=6 */

SEC("tc")
int snprintf_log(struct __sk_buff *skb)
{
	void *data_end = (void *)(long)skb->data_end;
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	char line[32] = {};
	__u64 args[3];

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;

	args[0] = iph->protocol;
	args[1] = bpf_ntohs(iph->tot_len);
	args[2] = iph->ttl;
	if (bpf_snprintf(line, sizeof(line), "proto=%u len=%u ttl=%u",
			 args, sizeof(args)) < 0)
		return TC_ACT_OK;
	__builtin_memcpy(last_line, line, sizeof(line));

	if (line[6] == '6' && line[7] == ' ') {
		tcp_lines++;
		return TC_ACT_OK;
	}
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
