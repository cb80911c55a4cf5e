// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * preflight.c: the checks of preflight.h. The probe needs the verifier of
 * a privileged load: without CAP_PERFMON (or CAP_SYS_ADMIN) it also explores
 * the branches it knows dead (Spectre v1 sanitation) and would report every
 * helper as forgetting, a false "not affected". So it requires CAP_SYS_ADMIN,
 * or CAP_BPF with CAP_PERFMON, in the effective set, and then loads the
 * simplest program (socket filter "r0 = 0; exit") to see the kernel agree.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "preflight.h"

#define CAP_SYS_ADMIN_BIT 21
#define CAP_PERFMON_BIT 38
#define CAP_BPF_BIT 39

static int read_line(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, (int)n, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/* The bracketed word of "none [integrity] confidentiality". */
static void lockdown_mode(char *out, size_t n)
{
	char line[128], *a, *b;

	out[0] = 0;
	if (read_line("/sys/kernel/security/lockdown", line, sizeof(line)))
		return;
	a = strchr(line, '[');
	b = a ? strchr(a, ']') : NULL;
	if (a && b)
		snprintf(out, n, "%.*s", (int)(b - a - 1), a + 1);
}

static unsigned long long cap_eff(void)
{
	char line[256];
	unsigned long long v = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return ~0ULL; /* unknown: let the kernel decide */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

static const char *unpriv_disabled(char *buf, size_t n)
{
	if (read_line("/proc/sys/kernel/unprivileged_bpf_disabled", buf, n))
		snprintf(buf, n, "unreadable");
	return buf;
}

int hg_preflight(struct hg_preflight *p)
{
	struct bpf_insn prog[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	unsigned long long caps = cap_eff();
	int admin = !!(caps & (1ULL << CAP_SYS_ADMIN_BIT));
	int bpf = !!(caps & (1ULL << CAP_BPF_BIT));
	int perfmon = !!(caps & (1ULL << CAP_PERFMON_BIT));
	char ud[32];
	int fd, err;

	p->reason[0] = 0;
	lockdown_mode(p->lockdown, sizeof(p->lockdown));
	if (!admin && !(bpf && perfmon)) {
		snprintf(p->reason, sizeof(p->reason),
			 "no CAP_BPF/CAP_SYS_ADMIN: the probe needs CAP_SYS_ADMIN, or CAP_BPF "
			 "with CAP_PERFMON (effective capabilities %016llx; "
			 "kernel.unprivileged_bpf_disabled=%s); run it as root",
			 caps, unpriv_disabled(ud, sizeof(ud)));
		return 2;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "hg_preflight", "GPL", prog, 2, NULL);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = errno;
	if (err == ENOSYS)
		snprintf(p->reason, sizeof(p->reason),
			 "BPF disabled: the kernel has no bpf() system call "
			 "(CONFIG_BPF_SYSCALL off, or a seccomp policy)");
	else if ((err == EPERM || err == EACCES) && p->lockdown[0] &&
		 strcmp(p->lockdown, "none") != 0)
		snprintf(p->reason, sizeof(p->reason),
			 "lockdown: the kernel refuses BPF programs (lockdown=%s; %s)", p->lockdown,
			 strerror(err));
	else if (err == EPERM || err == EACCES)
		snprintf(p->reason, sizeof(p->reason),
			 "no CAP_BPF/CAP_SYS_ADMIN: the kernel refused the control program (%s; "
			 "a container or user namespace without those capabilities, a seccomp or "
			 "LSM policy; kernel.unprivileged_bpf_disabled=%s)",
			 strerror(err), unpriv_disabled(ud, sizeof(ud)));
	else
		snprintf(p->reason, sizeof(p->reason),
			 "the kernel refused the control program: %s (errno %d)", strerror(err), err);
	return 2;
}
