// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * verdict.c: decides a run's exit status (run.h). Affected (1) as soon as
 * one written argument kept the verifier's knowledge, whatever else could
 * not be tested; not affected (0) only when every control loaded and every
 * written argument the plan can build was tested; otherwise undecided (2).
 */
#include <stdio.h>
#include <string.h>

#include "run.h"

int hg_is_stale(const struct hg_outcome *o)
{
	return o->plan->writes && strcmp(o->outcome, "kept") == 0;
}

enum hg_status hg_verdict(const struct hg_run *r, char *why, unsigned long whysz)
{
	int i, stale = 0, untested = 0;

	for (i = 0; i < r->n; i++) {
		stale += hg_is_stale(&r->out[i]);
		untested += r->out[i].untested && r->out[i].plan->writes;
	}
	why[0] = 0;
	if (stale)
		return HG_AFFECTED;
	if (r->timed_out) {
		snprintf(why, whysz, "timeout: the run stopped before every entry was tested");
		return HG_UNDECIDED;
	}
	if (strcmp(r->lockdown, "confidentiality") == 0) {
		snprintf(why, whysz,
			 "lockdown=confidentiality hides helpers from BPF programs: no stale "
			 "knowledge found in what loaded, but a verdict needs the kernel unlocked");
		return HG_UNDECIDED;
	}
	if (untested) {
		snprintf(why, whysz,
			 "partial probe: no stale knowledge found, but %d written argument%s could "
			 "not be tested (listed under \"not tested\")",
			 untested, untested == 1 ? "" : "s");
		return HG_UNDECIDED;
	}
	return HG_NOT_AFFECTED;
}
