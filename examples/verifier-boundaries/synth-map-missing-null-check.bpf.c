// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-map-missing-null-check: dereferences bpf_map_lookup_elem()'s result
 * without a NULL check. Expected: rejected, "R0 invalid mem access
 * 'map_value_or_null'" (nullability). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int synth_map_missing_null_check(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	return *v ? XDP_PASS : XDP_DROP; /* no NULL check */
}

char LICENSE[] SEC("license") = "GPL";
