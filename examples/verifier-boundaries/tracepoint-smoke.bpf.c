// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* tracepoint-smoke: a tracepoint program that counts exec events.
 * Expected: loaded and attached. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 execs;

SEC("tracepoint/sched/sched_process_exec")
int tracepoint_smoke(void *ctx)
{
	__sync_fetch_and_add(&execs, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
