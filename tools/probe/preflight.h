/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * preflight.h: can this process probe this kernel at all? Decides, before
 * any entry runs, the reasons for exit status 2 that hold for every entry:
 * missing capabilities, the bpf() system call missing or refused (lockdown,
 * kernel.unprivileged_bpf_disabled, a seccomp policy), and notes the
 * lockdown mode, which hides helpers from BPF without refusing loads.
 */
#ifndef HG_PROBE_PREFLIGHT_H
#define HG_PROBE_PREFLIGHT_H

struct hg_preflight {
	/* the kernel's lockdown mode ("none", "integrity", "confidentiality"),
	 * "" when /sys/kernel/security/lockdown cannot be read */
	char lockdown[32];
	/* why nothing can be probed, "" when the control program loaded */
	char reason[512];
};

/* 0 when a control program loads with the privileges the probe needs;
 * else 2 with P->reason set. */
int hg_preflight(struct hg_preflight *p);

#endif
