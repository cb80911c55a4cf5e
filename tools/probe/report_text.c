// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * report_text.c: the probe's report for people (run.h). The first line is
 * the verdict; then, per stale helper, the program types; then the kernel,
 * the counts, and what this machine could not test, grouped by reason.
 * With -v, one line per entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

static const char *const OUTCOMES[] = { "kept", "forgot", "not-loadable", "skipped", "error",
					"absent" };

static int count(const struct hg_run *r, const char *outcome)
{
	int i, n = 0;

	for (i = 0; i < r->n; i++)
		n += strcmp(r->out[i].outcome, outcome) == 0;
	return n;
}

/* The stale entries' (helper, argument) pairs, sorted by name and argument:
 * the indices of their first entries. */
static int stale_groups(const struct hg_run *r, int *first)
{
	int i, j, n = 0;

	for (i = 0; i < r->n; i++) {
		const struct hg_plan_entry *p = r->out[i].plan;
		int seen = 0;

		if (!hg_is_stale(&r->out[i]))
			continue;
		for (j = 0; j < n && !seen; j++)
			seen = strcmp(r->out[first[j]].plan->name, p->name) == 0 &&
			       r->out[first[j]].plan->arg == p->arg;
		if (seen)
			continue;
		/* insertion sort: a handful of groups */
		for (j = n; j > 0; j--) {
			const struct hg_plan_entry *q = r->out[first[j - 1]].plan;
			int c = strcmp(q->name, p->name);

			if (c < 0 || (c == 0 && q->arg < p->arg))
				break;
			first[j] = first[j - 1];
		}
		first[j] = i;
		n++;
	}
	return n;
}

static void stale_lines(const struct hg_run *r, const int *first, int ngroups, FILE *f)
{
	int g, j, k;

	for (g = 0; g < ngroups; g++) {
		const struct hg_plan_entry *p = r->out[first[g]].plan;

		fprintf(f, "  %s%s arg %d in", p->name, p->kfunc ? " (kfunc)" : "", p->arg);
		for (j = first[g], k = 0; j < r->n; j++) {
			const struct hg_plan_entry *q = r->out[j].plan;

			if (hg_is_stale(&r->out[j]) && strcmp(q->name, p->name) == 0 &&
			    q->arg == p->arg)
				fprintf(f, "%s %s%s", k++ ? "," : "", q->prog_type,
					q->sleepable ? ".s" : "");
		}
		fputc('\n', f);
	}
}

static void untested_lines(const struct hg_run *r, FILE *f)
{
	int i, j, shown = 0;

	for (i = 0; i < r->n; i++) {
		int n = 0, seen = 0;

		if (!r->out[i].untested)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = r->out[j].untested &&
			       strcmp(r->out[j].detail, r->out[i].detail) == 0;
		if (seen)
			continue;
		for (j = i; j < r->n; j++)
			n += r->out[j].untested && strcmp(r->out[j].detail, r->out[i].detail) == 0;
		if (!shown++)
			fprintf(f, "not tested on this machine:\n");
		fprintf(f, "  %d entr%s %s in %s%s): %s\n", n, n == 1 ? "y (" : "ies (e.g.",
			r->out[i].plan->name, r->out[i].plan->prog_type,
			r->out[i].plan->sleepable ? ".s" : "", r->out[i].detail);
	}
}

void hg_report_text(const struct hg_run *r, enum hg_status st, const char *why, int verbose,
		    FILE *f)
{
	int i, written = 0, stale = 0, plan_skips = 0;

	for (i = 0; i < r->n; i++) {
		written += r->out[i].plan->writes && !r->out[i].untested &&
			   strcmp(r->out[i].outcome, "skipped") != 0;
		stale += hg_is_stale(&r->out[i]);
		plan_skips += r->out[i].plan->skip != NULL;
	}
	if (st == HG_AFFECTED) {
		int *first = calloc(r->n, sizeof(*first)), n, g;

		n = first ? stale_groups(r, first) : 0;
		fprintf(f, "affected: this kernel keeps stale knowledge after:");
		for (g = 0; g < n; g++)
			if (!g || strcmp(r->out[first[g - 1]].plan->name,
					 r->out[first[g]].plan->name) != 0)
				fprintf(f, "%s %s", g ? "," : "", r->out[first[g]].plan->name);
		fprintf(f, " (%d helper, program type and argument%s)\n", stale,
			stale == 1 ? "" : "s");
		stale_lines(r, first, n, f);
		free(first);
	} else if (st == HG_NOT_AFFECTED) {
		fprintf(f, "not affected: the verifier forgot the buffer's bytes after every "
			   "call that writes them (%d written arguments tested)\n", written);
	} else {
		fprintf(f, "could not decide: %s\n", why);
	}

	fprintf(f, "kernel: %s %s %s\n", r->release, r->version, r->machine);
	if (r->btf_sha256[0])
		fprintf(f, "BTF: /sys/kernel/btf/vmlinux sha256 %s\n", r->btf_sha256);
	else
		fprintf(f, "BTF: no /sys/kernel/btf/vmlinux (tracing, LSM and kfunc entries "
			   "skipped)\n");
	if (r->lockdown[0])
		fprintf(f, "lockdown: %s\n", r->lockdown);
	fprintf(f, "plan: %d entries from %s:", r->n, hg_plan_source);
	for (i = 0; i < (int)(sizeof(OUTCOMES) / sizeof(OUTCOMES[0])); i++)
		fprintf(f, "%s %s %d", i ? "," : "", OUTCOMES[i], count(r, OUTCOMES[i]));
	fprintf(f, "\n  (%d of the skipped on every kernel: arguments the plan cannot build)\n",
		plan_skips);
	untested_lines(r, f);
	if (!verbose)
		return;
	fprintf(f, "entries:\n");
	for (i = 0; i < r->n; i++) {
		const struct hg_outcome *o = &r->out[i];

		fprintf(f, "  %-12s %s arg %d in %s%s%s: %s\n", o->outcome, o->plan->name,
			o->plan->arg, o->plan->prog_type, o->plan->sleepable ? ".s" : "",
			hg_is_stale(o) ? " [stale]" : "", o->detail);
	}
}
