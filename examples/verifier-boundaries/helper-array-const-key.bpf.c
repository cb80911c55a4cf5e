// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* helper-array-const-key: bpf_map_lookup_elem on an array map with the
 * constant key 0 and no NULL check. Safe because: an array map's entries
 * all exist from creation on, and 0 < max_entries, so the lookup cannot
 * return NULL. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

SEC("xdp")
int helper_array_const_key(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counters, &key);

	*v += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
