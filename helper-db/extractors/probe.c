// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hg-probe: helperguard's behavioural probe (helper-db/extracted/README.md,
 * "The behavioural probe"). Runs as root inside a QEMU guest of the kernel
 * under test, statically linked against libbpf.
 *
 *   hg-probe PLAN.txt
 *
 * PLAN.txt (written by probe_plan.py) has one entry a line:
 *   KIND INDEX CALL PROGTYPE EAT ATTACH SLEEPABLE TARGET SIZE RELEASE A1 .. A5
 * KIND h (helper: CALL is its id) or k (kfunc: CALL is its name in vmlinux
 * BTF); PROGTYPE/EAT the uapi numbers (EAT -1: none); ATTACH a FUNC of
 * vmlinux BTF for tracing/lsm, or -; SLEEPABLE 0/1; TARGET the argument
 * probed; SIZE its buffer size; RELEASE 0, or the id of the helper that must
 * release the call's result (the program does "if r0 != 0: r1 = r0; call
 * RELEASE" right after the call); A1..A5 how each argument register is set up:
 *   -        not set             ctx     r1 at entry (kept in r6)
 *   any      0                   target  r10 - X (the probed buffer)
 *   size     SIZE                null    0
 *   len:N    N                   mem:N   another zero-initialised stack area
 *   str      a frozen read-only array map value holding "ab"
 *   map:T    a map of type T (perf_event_array, ringbuf)
 *   dynout   a 16-byte stack area for an uninitialised dynptr
 *   fpath    &file->f_path of the hook's first argument (struct file *)
 *
 * The loads and their classification are probe_core.c's (shared with
 * the user's helperguard-probe, tools/probe/): see there for the programs.
 *
 * Output (stdout), one JSON object a line:
 *   {"probe": "begin", "release": "<uname -r>", "entries": N}
 *   {"i": INDEX, "outcome": "...", "detail": "..."}      (in plan order)
 *   {"probe": "end", "entries": N, "controls": [...]}
 * Exit status: 0 when every entry was reported, 2 on a usage/plan error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "probe_core.h"

#include "guest_json.h"

#define MAX_ENTRIES 8192

static void run_entry(const struct hg_probe_entry *e)
{
	struct hg_probe_result r;

	hg_probe_run_entry(e, &r);
	printf("{\"i\": %d, \"outcome\": \"%s\", \"detail\": ", e->index, r.outcome);
	json_str(r.detail);
	printf("}\n");
	fflush(stdout);
}

static int parse(char *line, struct hg_probe_entry *e)
{
	char kind[4], call[128], attach[128];
	int n;

	memset(e, 0, sizeof(*e));
	n = sscanf(line, "%3s %d %127s %d %d %127s %d %d %d %d %31s %31s %31s %31s %31s", kind,
		   &e->index, call, &e->prog_type, &e->eat, attach, &e->sleepable, &e->target,
		   &e->size, &e->release, e->spec[0], e->spec[1], e->spec[2], e->spec[3], e->spec[4]);
	if (n != 15 || (kind[0] != 'h' && kind[0] != 'k') || e->size < 1 || e->size > 512)
		return -1;
	e->kfunc = kind[0] == 'k';
	if (e->kfunc)
		snprintf(e->kfunc_name, sizeof(e->kfunc_name), "%s", call);
	else
		e->helper_id = atoi(call);
	snprintf(e->attach, sizeof(e->attach), "%s", attach);
	return 0;
}

int main(int argc, char **argv)
{
	static struct hg_probe_entry entries[MAX_ENTRIES];
	char line[1024];
	struct utsname u;
	int n = 0, i;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: hg-probe PLAN.txt\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "hg-probe: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (n == MAX_ENTRIES || parse(line, &entries[n])) {
			fprintf(stderr, "hg-probe: bad plan line: %s", line);
			return 2;
		}
		n++;
	}
	fclose(f);
	hg_probe_init();
	uname(&u);

	printf("{\"probe\": \"begin\", \"release\": ");
	json_str(u.release);
	printf(", \"entries\": %d}\n", n);
	fflush(stdout);
	for (i = 0; i < n; i++)
		run_entry(&entries[i]);
	printf("{\"probe\": \"end\", \"entries\": %d, \"controls\": [", n);
	for (i = 0; i < hg_probe_ncontrols(); i++) {
		const struct hg_probe_control *c = hg_probe_control_at(i);
		printf("%s{\"prog_type\": %d, \"expected_attach_type\": %d, \"attach_to\": ", i ? ", " : "",
		       c->prog_type, c->eat);
		json_str(c->attach);
		printf(", \"sleepable\": %s, \"outcome\": \"%s\", \"detail\": ",
		       c->sleepable ? "true" : "false", c->outcome);
		json_str(c->detail);
		printf("}");
	}
	printf("]}\n");
	fflush(stdout);
	hg_probe_release();
	return 0;
}
