// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tmp-guard: refuse to execute anything under /tmp/.
 *
 * An LSM program on bprm_check_security asks bpf_d_path() for the path of the
 * file about to be executed and compares it with "/tmp/". The mismatch
 * branch prints the first differing character, the way one debugs such a
 * program with `cat /sys/kernel/tracing/trace_pipe`.
 *
 * On Linux 6.14-6.18 (Debian 6.16.x, 6.17.x, 6.18.5) the verifier does not
 * know that bpf_d_path() writes `path`: it still believes the zero
 * initialisation, decides path[0] != '/' always, and deletes the "deny"
 * branch. The guard then lets everything run. helperguard fixes that when the
 * program is compiled with the plugin; see README.md.
 *
 * No generated vmlinux.h: the few kernel types are declared here with
 * preserve_access_index so that CO-RE relocates the field offsets.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define EPERM 1

struct path {
	void *mnt;
	void *dentry;
} __attribute__((preserve_access_index));

struct file {
	struct path f_path;
} __attribute__((preserve_access_index));

struct linux_binprm {
	struct file *file;
} __attribute__((preserve_access_index));

static const char prefix[] = "/tmp/";

SEC("lsm/bprm_check_security")
int BPF_PROG(tmp_guard, struct linux_binprm *bprm, int ret)
{
	char path[256] = {0};
	int i;

	if (ret)
		return ret;	/* an earlier LSM already refused */

	bpf_d_path(&bprm->file->f_path, path, sizeof(path));

#pragma unroll
	for (i = 0; i < (int)sizeof(prefix) - 1; i++) {
		if (path[i] != prefix[i]) {
			bpf_printk("tmp_guard: allow, path[%d] is '%c'", i, path[i]);
			return 0;
		}
	}
	return -EPERM;
}

char LICENSE[] SEC("license") = "GPL";
