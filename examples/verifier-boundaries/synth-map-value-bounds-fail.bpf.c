// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-map-value-bounds-fail: an 8-byte read at offset 8 of an 8-byte map
 * value. Expected: rejected, "invalid access to map value, value_size=8
 * off=8 size=8" (map value bounds). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} vals SEC(".maps");

SEC("xdp")
int synth_map_value_bounds_fail(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&vals, &key);

	if (!v)
		return XDP_PASS;
	return v[1] ? XDP_PASS : XDP_DROP; /* bytes 8..15 of an 8-byte value */
}

char LICENSE[] SEC("license") = "GPL";
