// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* helper-array-masked-key: as helper-array-const-key, with the key
 * ifindex & 3 instead of 0. Safe because: the key is at most 3 and the
 * array has 4 entries, all of which exist. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

SEC("xdp")
int helper_array_masked_key(struct xdp_md *ctx)
{
	__u32 key = ctx->ingress_ifindex & 3;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	*v += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
