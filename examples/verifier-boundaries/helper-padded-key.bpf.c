// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* helper-padded-key: a hash-map key struct {u32 a; u64 b} whose two fields
 * are set, passed to bpf_map_lookup_elem. Safe because: the helper reads
 * 16 bytes of the program's own stack, all in bounds; only the 4 padding
 * bytes were never written. A control: loaded on every kernel measured,
 * because the matrix's loader is root and the verifier lets privileged
 * programs read uninitialised stack (unprivileged loads were not
 * measured). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct key {
	__u32 a;
	/* 4 bytes of padding */
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, struct key);
	__type(value, __u64);
} flows SEC(".maps");

SEC("xdp")
int helper_padded_key(struct xdp_md *ctx)
{
	struct key k;
	__u64 *v;

	k.a = ctx->ingress_ifindex;
	k.b = ctx->rx_queue_index;
	v = bpf_map_lookup_elem(&flows, &k);
	return v ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
