// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* synth-map-null-check: the valid twin of synth-map-missing-null-check.
 * Expected: loaded; BPF_PROG_TEST_RUN returns XDP_PASS (2): the map is empty. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("xdp")
int synth_map_null_check(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (!v)
		return XDP_PASS;
	return *v ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
