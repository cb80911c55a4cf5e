// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * probe_core.c: the behavioural probe's loads and their classification
 * (probe_core.h; helper-db/extracted/README.md, "The behavioural probe").
 *
 * An entry's arguments A1..A5 (struct hg_probe_entry.spec) say how each
 * argument register is set up:
 *   -        not set             ctx     r1 at entry (kept in r6)
 *   any      0                   target  r10 - X (the probed buffer)
 *   size     SIZE                null    0
 *   len:N    N                   mem:N   another zero-initialised stack area
 *   str      a frozen read-only array map value holding "ab"
 *   map:T    a map of type T (perf_event_array, ringbuf)
 *   dynout   a 16-byte stack area for an uninitialised dynptr
 *   fpath    &file->f_path of the hook's first argument (struct file *)
 * RELEASE is 0, or the id of the helper that must release the call's result
 * (the program does "if r0 != 0: r1 = r0; call RELEASE" right after the call).
 *
 * For each entry it loads (BPF_PROG_LOAD, verifier log level 1):
 *   baseline  r6 = r1; zero-init; set up the args; call; r0 = 0; exit
 *   check     the same, then after the call
 *               r1 = *(u8 *)(r10 - X + B)   (B = 0, then B = SIZE - 1)
 *               if r1 == 0 goto +1
 *               r0 = r2                     (r2 is unreadable after a call)
 *               r0 = 0; exit
 * The buffers are zero-initialised the way compilers do it (r0 = 0;
 * *(u64 *)(r10 - off) = r0), which every kernel tracks as known zero bytes.
 * If the check loads, the verifier still knew the byte was 0 after the call
 * and never explored the r0 = r2 path: "kept". If it fails with "R2 !read_ok"
 * it forgot: "forgot". A failing baseline is "not-loadable" (the helper is
 * not callable so, in that program type, on that kernel); any other failure
 * of a check is "error". Both bytes must agree; "kept" wins when they do not
 * (the detail says so). A kfunc missing from vmlinux BTF is "absent"; an
 * attach target missing from it is "not-loadable".
 *
 * A control per load configuration (program type, attach, sleepable) loads
 * the check without a call: it must give "kept", or the probe cannot see
 * anything in that configuration and its entries are "error".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
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

#include "probe_core.h"

#define LOG_SIZE (1 << 20)
#define MAX_INSNS 256

static char vlog[LOG_SIZE];


/* ------------------------------------------------------------ messages */

static void result(struct hg_probe_result *r, const char *outcome, const char *detail)
{
	snprintf(r->outcome, sizeof(r->outcome), "%s", outcome);
	snprintf(r->detail, sizeof(r->detail), "%s", detail);
}

/* The verifier's message: the line before "Verification failed:" (7.3), else
 * the last unindented line before the "processed N insns" statistics (on
 * success: that line itself). */
void hg_probe_log_message(const char *log, int err, char *out, unsigned long outsz)
{
	const char *lines[4096];
	int n = 0, i, pick = -1;
	const char *p = log;

	while (*p && n < 4096) {
		const char *e = strchr(p, '\n');
		if (e == p) {
			p++;
			continue;
		}
		lines[n++] = p;
		if (!e)
			break;
		p = e + 1;
	}
	/* 7.3 follows the message with "Verification failed: <class>" and an
	 * explanation (Reason:, At:, Suggestion:...): the message is the line
	 * before it */
	for (i = 1; i < n; i++)
		if (strncmp(lines[i], "Verification failed:", 20) == 0) {
			pick = i - 1;
			break;
		}
	for (i = n - 1; pick < 0 && i >= 0; i--) {
		/* 7.x puts indented advice ("  Avoid using the register...")
		 * after the error line */
		if (lines[i][0] == ' ' || lines[i][0] == '\t' ||
		    strncmp(lines[i], "processed ", 10) == 0 ||
		    strncmp(lines[i], "verification time", 17) == 0 ||
		    strncmp(lines[i], "stack depth", 11) == 0)
			continue;
		pick = i;
		break;
	}
	if (err && pick < 0 && n == 0) {
		snprintf(out, outsz, "errno %d (%s), empty verifier log", err, strerror(err));
		return;
	}
	if (!err) {
		/* success: the statistics line */
		for (i = n - 1; i >= 0; i--)
			if (strncmp(lines[i], "processed ", 10) == 0) {
				pick = i;
				break;
			}
	}
	if (pick < 0)
		pick = n - 1;
	{
		const char *s = lines[pick], *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (len > outsz - 40)
			len = outsz - 40;
		if (err)
			snprintf(out, outsz, "%.*s (errno %d)", (int)len, s, err);
		else
			snprintf(out, outsz, "%.*s", (int)len, s);
	}
}

/* ------------------------------------------------------------------ BTF */

static struct btf *vmlinux_btf;
static int btf_tried;

static struct btf *get_btf(void)
{
	if (!btf_tried) {
		btf_tried = 1;
		/* only the running kernel's own BTF, never a file from /boot */
		vmlinux_btf = btf__parse(HG_PROBE_VMLINUX_BTF, NULL);
		if (libbpf_get_error(vmlinux_btf))
			vmlinux_btf = NULL;
	}
	return vmlinux_btf;
}

static int btf_func_id(const char *name)
{
	struct btf *b = get_btf();
	if (!b)
		return -1;
	return btf__find_by_name_kind(b, name, BTF_KIND_FUNC);
}

/* Byte offset of member NAME in struct SNAME, looking into anonymous members. */
static int member_off(struct btf *b, int type_id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(b, type_id);
	const struct btf_member *m;
	int i;

	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(b, t->type);
	if (!t || !(btf_is_struct(t) || btf_is_union(t)))
		return -1;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(b, m->name_off);
		int bits = btf_member_bit_offset(t, i);
		if (mn && strcmp(mn, name) == 0)
			return bits / 8;
		if (!mn || !*mn) {
			int sub = member_off(b, m->type, name);
			if (sub >= 0)
				return bits / 8 + sub;
		}
	}
	return -1;
}

static int f_path_off = -2;

static int file_f_path_off(void)
{
	if (f_path_off == -2) {
		struct btf *b = get_btf();
		int id = b ? btf__find_by_name_kind(b, "file", BTF_KIND_STRUCT) : -1;
		f_path_off = id > 0 ? member_off(b, id, "f_path") : -1;
	}
	return f_path_off;
}

/* ----------------------------------------------------------------- maps */

static int str_map = -2, perf_map = -2, ringbuf_map = -2;

static int get_str_map(void)
{
	if (str_map == -2) {
		LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_RDONLY_PROG);
		char val[16] = "ab";
		int key = 0;
		str_map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "hg_str", 4, sizeof(val), 1, &o);
		if (str_map >= 0 && (bpf_map_update_elem(str_map, &key, val, 0) ||
				     bpf_map_freeze(str_map))) {
			close(str_map);
			str_map = -1;
		}
	}
	return str_map;
}

static int get_map(const char *type)
{
	if (strcmp(type, "perf_event_array") == 0) {
		if (perf_map == -2)
			perf_map = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "hg_perf", 4, 4, 1, NULL);
		return perf_map;
	}
	if (strcmp(type, "ringbuf") == 0) {
		if (ringbuf_map == -2)
			ringbuf_map = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "hg_rb", 0, 0, 4096, NULL);
		return ringbuf_map;
	}
	return -1;
}

/* -------------------------------------------------------------- builder */

struct prog {
	struct bpf_insn insn[MAX_INSNS];
	int n;
	char err[256];
};

static void emit(struct prog *p, __u8 code, __u8 dst, __u8 src, __s16 off, __s32 imm)
{
	struct bpf_insn *i = &p->insn[p->n++];
	memset(i, 0, sizeof(*i));
	i->code = code;
	i->dst_reg = dst;
	i->src_reg = src;
	i->off = off;
	i->imm = imm;
}

#define MOV64_REG(p, d, s) emit(p, BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(p, d, v) emit(p, BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, v)
#define ADD64_IMM(p, d, v) emit(p, BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, v)
#define STX_DW(p, d, s, o) emit(p, BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LDX_DW(p, d, s, o) emit(p, BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define LDX_B(p, d, s, o) emit(p, BPF_LDX | BPF_MEM | BPF_B, d, s, o, 0)
#define EXIT(p) emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static void ld_imm64(struct prog *p, __u8 dst, __u8 src, __s32 lo, __s32 hi)
{
	emit(p, BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, lo);
	emit(p, 0, 0, 0, 0, hi);
}

static int round8(int n)
{
	return (n + 7) & ~7;
}

enum variant { V_BASELINE, V_CHECK_FIRST, V_CHECK_LAST, V_CONTROL_FIRST };

/* Build the program for entry E; returns 0, or -1 with p->err set. */
static int build(const struct hg_probe_entry *e, enum variant v, struct prog *p, int kfunc_id)
{
	int cursor = 0, x, area[6] = { 0 }, i, k;

	p->n = 0;
	p->err[0] = 0;
	/* stack layout: the target first (fp - X), then the other areas */
	cursor += round8(e->size);
	x = cursor;
	for (i = 1; i <= 5; i++) {
		const char *s = e->spec[i - 1];
		if (strncmp(s, "mem:", 4) == 0) {
			cursor += round8(atoi(s + 4));
			area[i] = cursor;
		} else if (strcmp(s, "dynout") == 0) {
			cursor += 16;
			area[i] = cursor;
		}
	}
	if (cursor > 512) {
		snprintf(p->err, sizeof(p->err), "stack areas need %d bytes", cursor);
		return -1;
	}

	MOV64_REG(p, BPF_REG_6, BPF_REG_1);
	MOV64_IMM(p, BPF_REG_0, 0);
	for (k = 8; k <= round8(e->size); k += 8)
		STX_DW(p, BPF_REG_10, BPF_REG_0, -x + round8(e->size) - k);
	for (i = 1; i <= 5; i++) {
		const char *s = e->spec[i - 1];
		if (area[i] && strncmp(s, "mem:", 4) == 0)
			for (k = 0; k < round8(atoi(s + 4)); k += 8)
				STX_DW(p, BPF_REG_10, BPF_REG_0, -area[i] + k);
	}
	if (v == V_CONTROL_FIRST)
		goto check;
	for (i = 1; i <= 5; i++) {
		const char *s = e->spec[i - 1];
		if (strcmp(s, "fpath") == 0) {
			int off = file_f_path_off();
			if (off < 0) {
				snprintf(p->err, sizeof(p->err), "no struct file.f_path in vmlinux BTF");
				return -1;
			}
			LDX_DW(p, BPF_REG_7, BPF_REG_6, 0);   /* ctx[0]: struct file * */
			if (off)
				ADD64_IMM(p, BPF_REG_7, off);
		}
	}
	for (i = 1; i <= 5; i++) {
		const char *s = e->spec[i - 1];
		if (strcmp(s, "-") == 0)
			continue;
		else if (strcmp(s, "ctx") == 0)
			MOV64_REG(p, i, BPF_REG_6);
		else if (strcmp(s, "any") == 0 || strcmp(s, "null") == 0)
			MOV64_IMM(p, i, 0);
		else if (strcmp(s, "target") == 0) {
			MOV64_REG(p, i, BPF_REG_10);
			ADD64_IMM(p, i, -x);
		} else if (strcmp(s, "size") == 0)
			MOV64_IMM(p, i, e->size);
		else if (strncmp(s, "len:", 4) == 0)
			MOV64_IMM(p, i, atoi(s + 4));
		else if (strncmp(s, "mem:", 4) == 0 || strcmp(s, "dynout") == 0) {
			MOV64_REG(p, i, BPF_REG_10);
			ADD64_IMM(p, i, -area[i]);
		} else if (strcmp(s, "str") == 0) {
			int fd = get_str_map();
			if (fd < 0) {
				snprintf(p->err, sizeof(p->err), "cannot create the read-only string map: %s",
					 strerror(errno));
				return -1;
			}
			ld_imm64(p, i, BPF_PSEUDO_MAP_VALUE, fd, 0);
		} else if (strncmp(s, "map:", 4) == 0) {
			int fd = get_map(s + 4);
			if (fd < 0) {
				snprintf(p->err, sizeof(p->err), "cannot create a %s map: %s", s + 4,
					 strerror(errno));
				return -1;
			}
			ld_imm64(p, i, BPF_PSEUDO_MAP_FD, fd, 0);
		} else if (strcmp(s, "fpath") == 0)
			MOV64_REG(p, i, BPF_REG_7);
		else {
			snprintf(p->err, sizeof(p->err), "unknown arg spec '%s'", s);
			return -1;
		}
	}
	if (e->kfunc)
		emit(p, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, kfunc_id);
	else
		emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, e->helper_id);
	if (e->release) {
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0);
		MOV64_REG(p, BPF_REG_1, BPF_REG_0);
		emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, e->release);
	}
	if (v == V_BASELINE) {
		MOV64_IMM(p, BPF_REG_0, 0);
		EXIT(p);
		return 0;
	}
check:
	LDX_B(p, BPF_REG_1, BPF_REG_10, -x + (v == V_CHECK_LAST ? e->size - 1 : 0));
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_1, 0, 1, 0);
	MOV64_REG(p, BPF_REG_0, BPF_REG_2);
	MOV64_IMM(p, BPF_REG_0, 0);
	EXIT(p);
	return 0;
}

/* Load; returns 0 (and closes the fd) or the positive errno. The log is in vlog. */
static int load(const struct hg_probe_entry *e, const struct prog *p, int attach_id)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o);
	int fd;

	o.log_buf = vlog;
	o.log_size = sizeof(vlog);
	o.log_level = 1;
	if (e->eat >= 0)
		o.expected_attach_type = e->eat;
	if (attach_id > 0)
		o.attach_btf_id = attach_id;
	if (e->sleepable)
		o.prog_flags = BPF_F_SLEEPABLE;
	vlog[0] = 0;
	fd = bpf_prog_load(e->prog_type, "hg_probe", "GPL", p->insn, p->n, &o);
	if (getenv("HG_PROBE_LOG"))
		fprintf(stderr, "---- entry %d fd %d\n%s\n", e->index, fd, vlog);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return errno ? errno : EINVAL;
}

/* ------------------------------------------------------------- controls */

static struct hg_probe_control controls[64];
static int ncontrols;

static struct hg_probe_control *control_for(const struct hg_probe_entry *e, int attach_id)
{
	struct hg_probe_control *c;
	struct prog p;
	int i, err;

	for (i = 0; i < ncontrols; i++) {
		c = &controls[i];
		if (c->prog_type == e->prog_type && c->eat == e->eat && c->sleepable == e->sleepable &&
		    strcmp(c->attach, e->attach) == 0)
			return c;
	}
	if (ncontrols == (int)(sizeof(controls) / sizeof(controls[0])))
		return NULL;
	c = &controls[ncontrols++];
	c->prog_type = e->prog_type;
	c->eat = e->eat;
	c->sleepable = e->sleepable;
	snprintf(c->attach, sizeof(c->attach), "%s", e->attach);
	{
		struct hg_probe_entry ce = *e;
		for (i = 0; i < 5; i++)
			strcpy(ce.spec[i], "-");
		ce.size = 16;
		ce.release = 0;
		build(&ce, V_CONTROL_FIRST, &p, 0);
		err = load(&ce, &p, attach_id);
	}
	c->err = err;
	hg_probe_log_message(vlog, err, c->detail, sizeof(c->detail));
	if (!err)
		strcpy(c->outcome, "kept");
	else if (strstr(vlog, "R2 !read_ok"))
		strcpy(c->outcome, "forgot");
	else
		strcpy(c->outcome, "not-loadable");
	return c;
}

/* ---------------------------------------------------------------- entry */

static const char *check_outcome(int err)
{
	if (!err)
		return "kept";
	if (strstr(vlog, "R2 !read_ok"))
		return "forgot";
	return "error";
}

void hg_probe_run_entry(const struct hg_probe_entry *e, struct hg_probe_result *r)
{
	char detail[640], d1[512], d2[512];
	const char *o1, *o2;
	int attach_id = 0, kfunc_id = 0, err;
	struct hg_probe_control *c;
	struct prog p;

	r->control = NULL;
	if (strcmp(e->attach, "-") != 0) {
		attach_id = btf_func_id(e->attach);
		if (attach_id <= 0) {
			snprintf(detail, sizeof(detail), "attach target %s not in vmlinux BTF", e->attach);
			result(r, "not-loadable", detail);
			return;
		}
	}
	if (e->kfunc) {
		kfunc_id = btf_func_id(e->kfunc_name);
		if (kfunc_id <= 0) {
			snprintf(detail, sizeof(detail), "no FUNC %s in vmlinux BTF", e->kfunc_name);
			result(r, "absent", detail);
			return;
		}
	}
	c = control_for(e, attach_id);
	r->control = c;

	if (build(e, V_BASELINE, &p, kfunc_id)) {
		result(r, "error", p.err);
		return;
	}
	err = load(e, &p, attach_id);
	if (err) {
		hg_probe_log_message(vlog, err, detail, sizeof(detail));
		result(r, "not-loadable", detail);
		return;
	}
	if (!c || strcmp(c->outcome, "kept") != 0) {
		snprintf(detail, sizeof(detail), "control without a call did not keep the bytes: %s",
			 c ? c->detail : "too many configurations");
		result(r, "error", detail);
		return;
	}
	build(e, V_CHECK_FIRST, &p, kfunc_id);
	err = load(e, &p, attach_id);
	o1 = check_outcome(err);
	hg_probe_log_message(vlog, err, d1, sizeof(d1));
	if (e->size > 1) {
		build(e, V_CHECK_LAST, &p, kfunc_id);
		err = load(e, &p, attach_id);
		o2 = check_outcome(err);
		hg_probe_log_message(vlog, err, d2, sizeof(d2));
	} else {
		o2 = o1;
		strcpy(d2, d1);
	}
	if (strcmp(o1, o2) == 0) {
		result(r, o1, d1);
	} else if (strcmp(o1, "error") == 0 || strcmp(o2, "error") == 0) {
		snprintf(detail, sizeof(detail), "first byte %s: %s; last byte %s: %s", o1, d1, o2, d2);
		result(r, "error", detail);
	} else {
		snprintf(detail, sizeof(detail), "first byte %s, last byte %s: %s", o1, o2,
			 strcmp(o1, "kept") ? d2 : d1);
		result(r, "kept", detail);
	}
}


/* ------------------------------------------------------------ lifecycle */

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN && getenv("HG_PROBE_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

void hg_probe_init(void)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	setrlimit(RLIMIT_MEMLOCK, &rl);
	libbpf_set_print(quiet);
}

int hg_probe_have_btf(void)
{
	return get_btf() != NULL;
}

int hg_probe_ncontrols(void)
{
	return ncontrols;
}

const struct hg_probe_control *hg_probe_control_at(int i)
{
	return i >= 0 && i < ncontrols ? &controls[i] : NULL;
}

static void close_map(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -2;
}

void hg_probe_release(void)
{
	close_map(&str_map);
	close_map(&perf_map);
	close_map(&ringbuf_map);
	btf__free(vmlinux_btf);
	vmlinux_btf = NULL;
	btf_tried = 0;
	f_path_off = -2;
}
