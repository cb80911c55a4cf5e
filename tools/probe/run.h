/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * run.h: what one run of helperguard-probe measured on the running kernel,
 * and the verdict that follows from it (verdict.c): affected, not affected,
 * or could not decide, with what could not be tested.
 */
#ifndef HG_PROBE_RUN_H
#define HG_PROBE_RUN_H

#include <stdio.h>

#include "plan.h"

struct hg_outcome {
	const struct hg_plan_entry *plan;
	char outcome[16];  /* kept, forgot, not-loadable, skipped, error, absent */
	char detail[640];
	/* 1 when this machine could not test it (program type refused, no
	 * BTF, timeout, an error); 0 for the plan's own skips */
	int untested;
};

struct hg_run {
	struct hg_outcome *out;
	int n;
	char release[65], version[65], machine[65];
	char btf_sha256[65]; /* "" without /sys/kernel/btf/vmlinux */
	char lockdown[32];   /* "" when unreadable */
	int timed_out;
	char date[16];       /* YYYY-MM-DD, UTC */
};

enum hg_status { HG_NOT_AFFECTED = 0, HG_AFFECTED = 1, HG_UNDECIDED = 2 };

/* A kept on an argument the newest kernel declares written: the hazard. */
int hg_is_stale(const struct hg_outcome *o);
/* The exit status; WHY (for HG_UNDECIDED) names what stopped a verdict. */
enum hg_status hg_verdict(const struct hg_run *r, char *why, unsigned long whysz);

/* The text report: the verdict line first, then the details
 * (VERBOSE: one line per entry). */
void hg_report_text(const struct hg_run *r, enum hg_status st, const char *why, int verbose,
		    FILE *f);
/* The helperguard-db/1 file with one `releases` entry (helper-db/FORMAT.md,
 * "Release"); PATH "-" is stdout. 0, or -1 with errno. */
int hg_report_json(const struct hg_run *r, const char *source, const char *path);

#endif
