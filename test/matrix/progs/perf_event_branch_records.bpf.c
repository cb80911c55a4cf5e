// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * perf_event has no BPF_PROG_TEST_RUN: the signal is the removed branch.
 */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("perf_event")
int perf_event_branch_records(struct bpf_perf_event_data *ctx)
{
	__u64 entries[6] = {0}; /* two struct perf_branch_entry */

	bpf_read_branch_records(ctx, entries, sizeof(entries), 0);
	if (entries[0] != 0)
		matched++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
