// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Guard-suite program for `helperguard matrix` (test/matrix/README.md).
 * A zero-initialised stack buffer is passed to a helper whose prototype lacks
 * MEM_WRITE on Linux 6.14-6.18; the branch on its contents owns unique code
 * (`matched++`), so the affected verifier removes a conditional branch.
 * LSM has no BPF_PROG_TEST_RUN: the signal is the removed branch (the run
 * time proof is examples/tmp-guard, also in the guard suite).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct path {
	void *mnt;
	void *dentry;
} __attribute__((preserve_access_index));

struct file {
	struct path f_path;
} __attribute__((preserve_access_index));

int matched;

SEC("lsm/file_open")
int BPF_PROG(lsm_d_path, struct file *file)
{
	char buf[64] = {0};

	bpf_d_path(&file->f_path, buf, sizeof(buf));
	if (buf[0] == '/')
		matched++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
