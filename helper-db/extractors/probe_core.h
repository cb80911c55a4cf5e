/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * probe_core.h: the behavioural probe's method (helper-db/extracted/README.md,
 * "The behavioural probe"), shared by the guest extractor hg-probe (probe.c,
 * which reads its plan from a file) and the user's helperguard-probe
 * (tools/probe/, whose plan is compiled in). It decides, for one planned
 * (helper or kfunc, program type, memory argument), whether the running
 * kernel's verifier keeps what it knew about a zeroed stack buffer after the
 * call: "kept", "forgot", "not-loadable", "error" or "absent".
 *
 * Every program is loaded (BPF_PROG_LOAD) and its fd closed at once; the few
 * maps the argument set-up needs stay open until hg_probe_release(). Nothing
 * is attached or pinned. Types and offsets come from /sys/kernel/btf/vmlinux
 * only.
 */
#ifndef HG_PROBE_CORE_H
#define HG_PROBE_CORE_H

#define HG_PROBE_VMLINUX_BTF "/sys/kernel/btf/vmlinux"

/* One planned load (probe_plan.py's plan line, see probe.c). */
struct hg_probe_entry {
	int index;
	int kfunc;             /* 0: helper (helper_id), 1: kfunc (kfunc_name) */
	int helper_id;
	char kfunc_name[128];
	int prog_type;         /* enum bpf_prog_type */
	int eat;               /* enum bpf_attach_type, -1: none */
	char attach[128];      /* a FUNC of vmlinux BTF, or "-" */
	int sleepable;
	int target;            /* the argument probed, 1..5 */
	int size;              /* its buffer's bytes, 1..512 */
	int release;           /* helper releasing the call's result, or 0 */
	char spec[5][32];      /* how r1..r5 are set up (probe.c) */
};

/* The program without a call, per load configuration: must be "kept". */
struct hg_probe_control {
	int prog_type, eat, sleepable;
	char attach[128];
	char outcome[16];
	char detail[512];
	int err;               /* the load's errno, 0 when it loaded */
};

struct hg_probe_result {
	char outcome[16];
	char detail[640];
	/* the entry's control, NULL when none was loaded (attach target or
	 * kfunc missing, too many configurations) */
	const struct hg_probe_control *control;
};

/* Raise RLIMIT_MEMLOCK (kernels before 5.11 charge BPF memory to it) and
 * silence libbpf (HG_PROBE_DEBUG=1 shows its warnings). */
void hg_probe_init(void);
/* Run one entry (two to four loads, and its control once per configuration). */
void hg_probe_run_entry(const struct hg_probe_entry *e, struct hg_probe_result *r);
/* 1 when /sys/kernel/btf/vmlinux was parsed. */
int hg_probe_have_btf(void);
int hg_probe_ncontrols(void);
const struct hg_probe_control *hg_probe_control_at(int i);
/* The verifier's message out of a log (see probe_core.c). */
void hg_probe_log_message(const char *log, int err, char *out, unsigned long outsz);
/* Close the maps, free the BTF; controls stay readable. */
void hg_probe_release(void);

#endif
