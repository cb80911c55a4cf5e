// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hg-avail: helperguard's availability probe (helper-db/extracted/README.md,
 * "The availability probe"). Runs as root inside a QEMU guest of the kernel
 * under test, statically linked against libbpf.
 *
 *   hg-avail PLAN.txt
 *
 * PLAN.txt (written by avail_plan.py) has one load configuration a line:
 *   c PROGTYPE EAT ATTACH SLEEPABLE ID...
 * PROGTYPE and EAT are the uapi numbers (EAT -1: none), ATTACH a FUNC of
 * vmlinux BTF (tracing, lsm) or -, SLEEPABLE 0/1, and ID... the helper ids
 * to try in that configuration.
 *
 * Per configuration it first loads a control, "r0 = 0; exit", with the same
 * attributes. If the control does not load (a program type the kernel does
 * not know, an attach target missing from vmlinux BTF...), every helper of
 * the configuration is "error" with the control's message: nothing is said.
 * Otherwise, per helper id, it loads
 *   r1 = 0; ... r5 = 0; call ID; r0 = 0; exit
 * and classifies the load the way libbpf_probe_bpf_helper() does:
 *   "invalid func X#N"                      -> unknown-func (the id is not
 *                                              below __BPF_FUNC_MAX_ID)
 *   "unknown func X#N" (5.10, 6.1),
 *   "program of this type cannot use
 *   helper X#N" (6.12 on)                   -> not-offered (the program
 *                                              type's *_func_proto() gives
 *                                              no prototype)
 *   anything else (it loads, or the verifier
 *   refuses an argument, a sleeping helper...) -> offered
 *
 * Output (stdout), one JSON object a line:
 *   {"avail": "begin", "release": "<uname -r>", "configs": N}
 *   {"c": K, "control": "ok"|"<message>"}                 (per configuration)
 *   {"c": K, "id": ID, "outcome": "...", "detail": "..."} (per helper)
 *   {"avail": "end", "configs": N, "loads": L}
 * Details are kept for unknown-func, not-offered and error only; for an
 * offered helper the detail is "loads" or the verifier's message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "guest_json.h"

#define MAX_CONFIGS 64
#define MAX_IDS 1024
#define LOG_SIZE (64 * 1024)

struct config {
	int prog_type;
	int eat;
	char attach[128];
	int sleepable;
	int nids;
	int ids[MAX_IDS];
};

static struct config configs[MAX_CONFIGS];
static int nconfigs;
static char vlog[LOG_SIZE];
static struct btf *vmlinux_btf;

/* The verifier's message: the first log line that names the reason. */
static void message(int err, char *out, size_t outsz)
{
	static const char *const keys[] = { "invalid func", "unknown func", "cannot use helper" };
	const char *p = NULL, *e;
	size_t i, len;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && !p; i++)
		p = strstr(vlog, keys[i]);
	/* back to the start of its line */
	while (p && p > vlog && p[-1] != '\n')
		p--;
	if (!p) {
		/* the last non-empty line that is not a statistics line */
		const char *line = vlog, *best = NULL;
		while (*line) {
			e = strchr(line, '\n');
			if (line[0] != '\n' && strncmp(line, "processed ", 10) != 0 &&
			    strncmp(line, "verification time", 17) != 0 &&
			    strncmp(line, "stack depth", 11) != 0 && line[0] != ' ')
				best = line;
			if (!e)
				break;
			line = e + 1;
		}
		p = best;
	}
	if (!p) {
		snprintf(out, outsz, "errno %d (%s), empty verifier log", err, strerror(err));
		return;
	}
	e = strchr(p, '\n');
	len = e ? (size_t)(e - p) : strlen(p);
	if (len > outsz - 40)
		len = outsz - 40;
	snprintf(out, outsz, "%.*s (errno %d)", (int)len, p, err);
}

static void set_insn(struct bpf_insn *i, __u8 code, __u8 dst, __s32 imm)
{
	memset(i, 0, sizeof(*i));
	i->code = code;
	i->dst_reg = dst;
	i->imm = imm;
}

/* Load the control (call_id 0) or the call of helper CALL_ID; returns 0 or
 * the positive errno, with the verifier's log in vlog. */
static int load(const struct config *c, int attach_id, int call_id)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	struct bpf_insn insn[8];
	int n = 0, r, fd;

	if (call_id) {
		for (r = BPF_REG_1; r <= BPF_REG_5; r++)
			set_insn(&insn[n++], BPF_ALU64 | BPF_MOV | BPF_K, r, 0);
		set_insn(&insn[n++], BPF_JMP | BPF_CALL, 0, call_id);
	}
	set_insn(&insn[n++], BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0);
	set_insn(&insn[n++], BPF_JMP | BPF_EXIT, 0, 0);

	o.log_buf = vlog;
	o.log_size = sizeof(vlog);
	o.log_level = 1;
	if (c->eat >= 0)
		o.expected_attach_type = c->eat;
	if (attach_id > 0)
		o.attach_btf_id = attach_id;
	if (c->sleepable)
		o.prog_flags = BPF_F_SLEEPABLE;
	vlog[0] = 0;
	fd = bpf_prog_load(c->prog_type, "hg_avail", "GPL", insn, n, &o);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno ? errno : EINVAL;
}

static const char *classify(int err)
{
	if (!err)
		return "offered";
	if (strstr(vlog, "invalid func "))
		return "unknown-func";
	if (strstr(vlog, "unknown func ") || strstr(vlog, "cannot use helper"))
		return "not-offered";
	return "offered";
}

static int run_config(int k, const struct config *c)
{
	char detail[512];
	int attach_id = 0, err, i, loads = 0;

	detail[0] = 0;
	if (strcmp(c->attach, "-") != 0) {
		attach_id = vmlinux_btf ?
			btf__find_by_name_kind(vmlinux_btf, c->attach, BTF_KIND_FUNC) : -1;
		if (attach_id <= 0)
			snprintf(detail, sizeof(detail), "attach target %s not in vmlinux BTF",
				 c->attach);
	}
	if (!detail[0]) {
		err = load(c, attach_id, 0);
		loads++;
		if (err)
			message(err, detail, sizeof(detail));
	}
	printf("{\"c\": %d, \"control\": ", k);
	json_str(detail[0] ? detail : "ok");
	printf("}\n");
	fflush(stdout);
	for (i = 0; i < c->nids; i++) {
		const char *o = "error";
		char d[512];

		if (detail[0]) {
			snprintf(d, sizeof(d), "%s", detail);
		} else {
			err = load(c, attach_id, c->ids[i]);
			loads++;
			o = classify(err);
			if (err)
				message(err, d, sizeof(d));
			else
				snprintf(d, sizeof(d), "loads");
		}
		printf("{\"c\": %d, \"id\": %d, \"outcome\": \"%s\", \"detail\": ", k, c->ids[i], o);
		json_str(d);
		printf("}\n");
	}
	fflush(stdout);
	return loads;
}

static int parse(char *line, struct config *c)
{
	char *tok, *save = NULL;
	int field = 0;

	memset(c, 0, sizeof(*c));
	for (tok = strtok_r(line, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save)) {
		switch (field++) {
		case 0:
			if (strcmp(tok, "c") != 0)
				return -1;
			break;
		case 1:
			c->prog_type = atoi(tok);
			break;
		case 2:
			c->eat = atoi(tok);
			break;
		case 3:
			snprintf(c->attach, sizeof(c->attach), "%s", tok);
			break;
		case 4:
			c->sleepable = atoi(tok);
			break;
		default:
			if (c->nids == MAX_IDS || atoi(tok) <= 0)
				return -1;
			c->ids[c->nids++] = atoi(tok);
		}
	}
	return field >= 5 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	static char line[16384];
	struct utsname u;
	int k, loads = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: hg-avail PLAN.txt\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "hg-avail: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (nconfigs == MAX_CONFIGS || parse(line, &configs[nconfigs])) {
			fprintf(stderr, "hg-avail: bad plan line %d\n", nconfigs + 1);
			return 2;
		}
		nconfigs++;
	}
	fclose(f);
	/* kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	libbpf_set_print(NULL);
	vmlinux_btf = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	if (libbpf_get_error(vmlinux_btf))
		vmlinux_btf = NULL;
	uname(&u);

	printf("{\"avail\": \"begin\", \"release\": ");
	json_str(u.release);
	printf(", \"configs\": %d}\n", nconfigs);
	fflush(stdout);
	for (k = 0; k < nconfigs; k++)
		loads += run_config(k, &configs[k]);
	printf("{\"avail\": \"end\", \"configs\": %d, \"loads\": %d}\n", nconfigs, loads);
	fflush(stdout);
	btf__free(vmlinux_btf);
	return 0;
}
