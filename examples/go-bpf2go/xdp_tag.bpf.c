// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
//go:build ignore

/*
 * go-bpf2go: an XDP program built by cilium/ebpf's bpf2go. For each IPv4
 * packet it formats the protocol number with bpf_snprintf into a
 * zero-initialised stack buffer ("proto=6"), passes TCP and drops the rest,
 * and counts each verdict in an array map that the Go loader reads.
 *
 * `tag` is zero-initialised and bpf_snprintf writes it; on Linux 6.14-6.18
 * the verifier does not know that (no MEM_WRITE in bpf_snprintf's prototype),
 * believes tag[6] is still 0 and deletes the TCP branch as dead code: every
 * packet would be dropped. Built with the helperguard plugin (through the
 * flags bpf2go passes to clang) it behaves the same on every kernel.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum { VERDICT_PASS, VERDICT_DROP, VERDICT_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, VERDICT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

static __always_inline int count(__u32 verdict, int action)
{
	__u64 *n = bpf_map_lookup_elem(&verdicts, &verdict);

	if (n)
		__sync_fetch_and_add(n, 1);
	return action;
}

SEC("xdp")
int xdp_tag(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *iph = (void *)(eth + 1);
	char tag[16] = {};
	/* a named constant, so clang puts it in .rodata (a read-only map, which
	 * bpf_snprintf requires); cilium/ebpf 0.9.1 cannot load a string literal
	 * from .rodata.str1.1 ("string is not stack allocated") */
	static const char fmt[] = "proto=%u";
	__u64 args[1];

	if ((void *)(iph + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;

	args[0] = iph->protocol;
	if (bpf_snprintf(tag, sizeof(tag), fmt, args, sizeof(args)) < 0)
		return XDP_ABORTED;

	if (tag[6] == '6' && tag[7] == '\0')
		return count(VERDICT_PASS, XDP_PASS);
	return count(VERDICT_DROP, XDP_DROP);
}

char LICENSE[] SEC("license") = "GPL";
