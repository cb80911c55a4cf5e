// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * helperguard-probe: is the kernel this machine runs affected by the missing
 * MEM_WRITE declarations? Runs the behavioural probe (probe_core.c) with the
 * plan compiled in (plan.h) on the running kernel and prints a verdict
 * (docs/probe.md).
 *
 *   helperguard-probe [-v] [--json FILE|-] [--timeout SECONDS] [--self-check]
 *   helperguard-probe --list-ids
 *
 * Exit status: 0 not affected, 1 affected, 2 could not probe or decide (the
 * reason on stderr), 3 --self-check found a program or map left behind,
 * 64 usage error.
 *
 * Safety: programs are only loaded (BPF_PROG_LOAD) and closed at once,
 * never attached or pinned; the few maps are closed before the report.
 * Entries not run within --timeout are reported as skipped (exit 2); a load
 * that does not return stops the process 15 s after the deadline.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bpf_ids.h"
#include "plan.h"
#include "preflight.h"
#include "probe_core.h"
#include "run.h"
#include "sha256.h"

#ifndef HELPERGUARD_VERSION
#define HELPERGUARD_VERSION "unknown"
#endif

static const char usage[] =
	"usage: helperguard-probe [-v] [--json FILE|-] [--timeout SECONDS] [--self-check]\n"
	"       helperguard-probe --list-ids\n"
	"Probes whether the running kernel's verifier keeps stale knowledge of a stack\n"
	"buffer after a helper writes it. Exit: 0 not affected, 1 affected, 2 could not\n"
	"probe (reason on stderr), 3 --self-check failed.\n"
	"  -v, --verbose        one line per probed entry\n"
	"  --json FILE          write the result as a helperguard-db/1 `releases` file\n"
	"                       (- for stdout; the text report then goes to stderr)\n"
	"  --timeout SECONDS    stop after SECONDS (default 60) with a partial report\n"
	"  --self-check         list the kernel's BPF program and map ids before and after\n"
	"                       the run and require them equal (a quiet machine only)\n"
	"  --list-ids           print the kernel's BPF program and map ids and exit\n"
	"  --version            print the version\n";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
	static const char msg[] = "helperguard-probe: could not probe: timeout: a load did not "
				  "return within 15 s after --timeout\n";
	ssize_t n = write(2, msg, sizeof(msg) - 1);

	(void)n;
	(void)sig;
	_exit(2);
}

static void print_ids(const struct hg_bpf_ids *ids, FILE *f)
{
	int i;

	fprintf(f, "programs %d:", ids->nprog);
	for (i = 0; i < ids->nprog && i < HG_MAX_IDS; i++)
		fprintf(f, " %u", ids->prog[i]);
	fprintf(f, "\nmaps %d:", ids->nmap);
	for (i = 0; i < ids->nmap && i < HG_MAX_IDS; i++)
		fprintf(f, " %u", ids->map[i]);
	fputc('\n', f);
}

static void to_probe_entry(int index, const struct hg_plan_entry *p, struct hg_probe_entry *e)
{
	int i;

	memset(e, 0, sizeof(*e));
	e->index = index;
	e->kfunc = p->kfunc;
	e->helper_id = p->id;
	snprintf(e->kfunc_name, sizeof(e->kfunc_name), "%s", p->kfunc ? p->name : "");
	e->prog_type = p->prog_type_id;
	e->eat = p->eat_id;
	snprintf(e->attach, sizeof(e->attach), "%s", p->attach ? p->attach : "-");
	e->sleepable = p->sleepable;
	e->target = p->arg;
	e->size = p->size;
	e->release = p->release;
	for (i = 0; i < 5; i++)
		snprintf(e->spec[i], sizeof(e->spec[i]), "%s", p->spec[i]);
}

static void set(struct hg_outcome *o, const char *outcome, int untested, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set(struct hg_outcome *o, const char *outcome, int untested, const char *fmt, ...)
{
	va_list ap;

	snprintf(o->outcome, sizeof(o->outcome), "%s", outcome);
	o->untested = untested;
	va_start(ap, fmt);
	vsnprintf(o->detail, sizeof(o->detail), fmt, ap);
	va_end(ap);
}

/* Runs one entry into O: the plan's skips, what this machine cannot test
 * (no BTF, a program type the kernel refuses by policy), else the probe. */
static void run_one(int index, const struct hg_plan_entry *p, int have_btf, struct hg_outcome *o)
{
	struct hg_probe_entry e;
	struct hg_probe_result r;
	const struct hg_probe_control *c;

	o->plan = p;
	if (p->skip) {
		set(o, "skipped", 0, "%s", p->skip);
		return;
	}
	if (!have_btf && (p->attach || p->kfunc)) {
		set(o, "skipped", 1, "no %s: cannot find %s %s", HG_PROBE_VMLINUX_BTF,
		    p->kfunc ? "the kfunc" : "the attach target", p->kfunc ? p->name : p->attach);
		return;
	}
	to_probe_entry(index, p, &e);
	hg_probe_run_entry(&e, &r);
	c = r.control;
	if (c && (c->err == EPERM || c->err == EACCES) &&
	    (strcmp(r.outcome, "not-loadable") == 0 || strcmp(r.outcome, "error") == 0)) {
		set(o, "skipped", 1, "program type %s%s refused by policy: %s", p->prog_type,
		    p->sleepable ? " (sleepable)" : "", c->detail);
		return;
	}
	set(o, r.outcome, strcmp(r.outcome, "error") == 0, "%s", r.detail);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "self-check", no_argument, NULL, 's' },
		{ "list-ids", no_argument, NULL, 'l' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct hg_bpf_ids before, after;
	const char *json = NULL;
	int verbose = 0, self_check = 0, list_ids = 0, opt, i, have_btf;
	double timeout = 60, deadline;
	struct hg_preflight pre;
	struct hg_run run;
	struct utsname u;
	enum hg_status st;
	char why[512], source[64], *end;
	FILE *text;
	time_t t;

	while ((opt = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 'j':
			json = optarg;
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || !(timeout > 0)) {
				fprintf(stderr, "helperguard-probe: bad --timeout '%s'\n", optarg);
				return 64;
			}
			break;
		case 's':
			self_check = 1;
			break;
		case 'l':
			list_ids = 1;
			break;
		case 'V':
			printf("helperguard-probe %s (plan from %s, %d entries)\n", HELPERGUARD_VERSION,
			       hg_plan_source, hg_plan_entries);
			return 0;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 64;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 64;
	}
	if (list_ids) {
		hg_bpf_ids_read(&before);
		if (before.err) {
			fprintf(stderr, "helperguard-probe: could not probe: listing BPF ids: %s\n",
				strerror(before.err));
			return 2;
		}
		print_ids(&before, stdout);
		return 0;
	}
	/* with the JSON on stdout, the text goes to stderr */
	text = json && strcmp(json, "-") == 0 ? stderr : stdout;
	if (self_check)
		hg_bpf_ids_read(&before);

	memset(&run, 0, sizeof(run));
	uname(&u);
	snprintf(run.release, sizeof(run.release), "%s", u.release);
	snprintf(run.version, sizeof(run.version), "%s", u.version);
	snprintf(run.machine, sizeof(run.machine), "%s", u.machine);
	t = time(NULL);
	strftime(run.date, sizeof(run.date), "%Y-%m-%d", gmtime(&t));
	snprintf(source, sizeof(source), "helperguard-probe %s", HELPERGUARD_VERSION);

	if (hg_preflight(&pre)) {
		fprintf(text, "could not probe: %s\n", pre.reason);
		fprintf(stderr, "helperguard-probe: could not probe: %s\n", pre.reason);
		return 2;
	}
	snprintf(run.lockdown, sizeof(run.lockdown), "%s", pre.lockdown);
	if (hg_sha256_file(HG_PROBE_VMLINUX_BTF, run.btf_sha256))
		run.btf_sha256[0] = 0;

	signal(SIGALRM, on_alarm);
	alarm((unsigned int)timeout + 15);
	deadline = now() + timeout;
	run.out = calloc(hg_plan_entries, sizeof(*run.out));
	if (!run.out) {
		fprintf(stderr, "helperguard-probe: could not probe: out of memory\n");
		return 2;
	}
	run.n = hg_plan_entries;
	hg_probe_init();
	have_btf = hg_probe_have_btf();
	for (i = 0; i < run.n; i++) {
		if (!run.timed_out && now() > deadline)
			run.timed_out = 1;
		if (run.timed_out && !hg_plan[i].skip) {
			run.out[i].plan = &hg_plan[i];
			set(&run.out[i], "skipped", 1, "not run: --timeout %g s reached", timeout);
			continue;
		}
		run_one(i, &hg_plan[i], have_btf, &run.out[i]);
	}
	hg_probe_release();
	alarm(0);

	st = hg_verdict(&run, why, sizeof(why));
	hg_report_text(&run, st, why, verbose, text);
	if (json && hg_report_json(&run, source, json)) {
		fprintf(stderr, "helperguard-probe: cannot write %s: %s\n", json, strerror(errno));
		return 2;
	}
	if (st == HG_UNDECIDED)
		fprintf(stderr, "helperguard-probe: could not decide: %s\n", why);
	if (self_check) {
		/* A closed program's id goes at once, but the maps it used are
		 * released by the kernel's deferred free (RCU, a work queue): allow
		 * them 5 s to go. */
		double until = now() + 5;

		for (;;) {
			hg_bpf_ids_read(&after);
			if (after.err || hg_bpf_ids_equal(&before, &after) || now() > until)
				break;
			usleep(20000);
		}
		if (before.err || after.err) {
			fprintf(stderr, "helperguard-probe: self-check: cannot list BPF ids: %s\n",
				strerror(before.err ? before.err : after.err));
			return 3;
		}
		if (!hg_bpf_ids_equal(&before, &after)) {
			fprintf(stderr, "helperguard-probe: self-check FAILED: BPF ids before and "
					"after differ\nbefore:\n");
			print_ids(&before, stderr);
			fprintf(stderr, "after:\n");
			print_ids(&after, stderr);
			return 3;
		}
		fprintf(text, "self-check: %d programs and %d maps before and after the run "
			      "(the same ids): nothing left behind\n", after.nprog, after.nmap);
	}
	free(run.out);
	return st;
}
