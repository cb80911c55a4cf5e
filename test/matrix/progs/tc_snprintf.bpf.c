// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * Run time: 1 when correct, 2 when miscompiled.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("tc")
int tc_snprintf(struct __sk_buff *ctx)
{
	char out[16] = {0};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	if (out[0] == 'a') {
		matched++;
		return 1;
	}
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
