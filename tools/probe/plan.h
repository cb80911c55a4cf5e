/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * plan.h: the behavioural probe's plan as compiled into helperguard-probe.
 * The table is generated at build time (probe_plan.py embed) from the
 * committed source extraction of the newest kernel (helper-db/extracted/
 * linux-7.3.json): one entry per (helper or kfunc, program type, memory
 * argument), with the argument set-up of probe_core.c and whether that
 * kernel declares the argument written.
 */
#ifndef HG_PROBE_PLAN_H
#define HG_PROBE_PLAN_H

#include <stddef.h>

struct hg_plan_entry {
	int kfunc;              /* 0 helper, 1 kfunc */
	const char *name;       /* bpf_snprintf; a kfunc's BTF name */
	int id;                 /* enum bpf_func_id, 0 for a kfunc */
	const char *prog_type;  /* socket_filter, xdp, ... */
	int prog_type_id;       /* enum bpf_prog_type */
	const char *eat;        /* BPF_TRACE_FENTRY..., NULL: none */
	int eat_id;             /* enum bpf_attach_type, -1: none */
	const char *attach;     /* a FUNC of vmlinux BTF, NULL: none */
	int sleepable;
	int arg;                /* the argument probed */
	int size;               /* its buffer's bytes, 0 when skipped */
	int release;            /* helper releasing the call's result, or 0 */
	int writes;             /* the newest kernel declares the write */
	const char *spec[5];    /* r1..r5 set-up (probe_core.c) */
	const char *skip;       /* why the plan cannot build it, or NULL */
};

extern const char hg_plan_source[];
extern const struct hg_plan_entry hg_plan[];
extern const int hg_plan_entries;

#endif
