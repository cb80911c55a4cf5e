// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * kprobe has no BPF_PROG_TEST_RUN: the signal is the removed branch.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("kprobe/do_nanosleep")
int kprobe_snprintf_btf(void *ctx)
{
	char out[64] = {0};
	struct btf_ptr p = { .ptr = &matched, .type_id = 1 };

	bpf_snprintf_btf(out, sizeof(out), &p, sizeof(p), 0);
	if (out[0] == '(')
		matched++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
