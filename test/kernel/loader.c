// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * hg-loader: a small, statically linked libbpf loader for helperguard's
 * real-kernel bench. It runs inside a QEMU guest (busybox initramfs) and
 * prints line-oriented, machine-parsable results on stdout.
 *
 *   hg-loader run OBJ.o [PROG] [--repeat N] [--exec PATH [ARGV0 ARG...]]
 *   hg-loader semantics OBJ.o [PROG] [--inputs N] [--seed S]
 *   hg-loader log OBJ.o [PROG]
 *
 * Each program of OBJ.o (or only PROG) is loaded on its own (a fresh open of
 * the object with only that program auto-loaded), so one program's failure
 * does not hide another's result. Then:
 *   xdp, tc (sched_cls/act), socket filter, raw_tp, syscall: BPF_PROG_TEST_RUN once
 *     (N times with --repeat; xdp/tc/socket get a small IPv4/TCP packet);
 *   lsm, fentry/fexit, kprobe, tracepoint, ...: attach (auto-attach from the
 *     section name), and with --exec, fork+exec PATH while attached (with
 *     ARGV0 ARG... as its argv, like `exec -a`; default argv is just PATH).
 *
 * Output lines (fields are space separated, key=value after the name):
 *   LOADED   <prog> type=<type> insns=<insns in the object>
 *   STATS    <prog> processed=.. total_states=.. peak_states=.. mark_read=..
 *                   max_states_per_insn=.. verification_time_usec=.. stack_depth=..
 *   XLATED   <prog> insns=<xlated insns> jited_bytes=<n>
 *   BRANCHES <prog> obj=<conditional jumps in the object's program, after
 *                   libbpf's relocations> xlated=<in the verifier's rewritten
 *                   program> (xlated=? when the kernel does not give it)
 *   RESULT   <prog> retval=<n> duration_ns=<n>
 *   ATTACHED <prog>
 *   EXEC     <prog> path=<path> exit=<n> | signal=<n> | errno=<n> (<text>)
 *   LOADFAIL <prog> err=<n> (<text>)
 *   VLOG     <prog> <a line of the tail of the verifier log>
 *   ATTACHFAIL / RUNFAIL <prog> err=<n> (<text>)
 *   SKIP     <prog> reason=<why>
 *   DONE     obj=<path> programs=<n> failed=<n>
 * libbpf's own messages go to stderr, prefixed "libbpf: ".
 * Exit status: 0 all good, 1 some program failed, 2 usage / object error.
 *
 * `semantics` (test/robustness/semantics.sh) loads each program the same way
 * and runs it with BPF_PROG_TEST_RUN over N generated inputs (default 200,
 * seed 1). Input i depends only on (S, i, the kind of input), never on the
 * object, so two builds of one program get the same inputs:
 *   xdp, tc, socket filter: an Ethernet frame of 14..1500 bytes: IPv4 or
 *     IPv6 with TCP, UDP or ICMP headers of random fields (sometimes
 *     truncated, sometimes with an inconsistent length or IHL), another
 *     ethertype, or random garbage; ctx_in is a zeroed xdp_md (data_end =
 *     the frame's length) / __sk_buff, ctx_out receives it back;
 *   raw_tp: ctx_in of 0..96 random bytes (8-byte multiples);
 *   syscall: ctx_in of 0..256 random bytes, ctx_out the same size.
 * Output lines (besides LOADED / LOADFAIL / VLOG / SKIP / DONE as above;
 * no STATS, XLATED or BRANCHES):
 *   INPUT  <prog> <i> retval=<n> size=<n> data=<h> ctx=<h>   (h: 16 hex
 *          digits, FNV-1a 64 of data_out / ctx_out; size: data_size_out)
 *   INPUT  <prog> <i> err=<n>      (BPF_PROG_TEST_RUN failed with -n)
 *   SEMDONE <prog> inputs=<n> ok=<runs that succeeded> digest=<h of the
 *          INPUT lines>
 * Exit status as for `run` (a failed load counts as a failed program; a
 * failed test run does not: its errno is a result like any other).
 *
 * `log` (test/oracle, the verifier-log oracle) loads each program the same
 * way with the verifier log at level 2 (up to 256 MiB) and prints what the
 * verifier believed after each load from memory. Output lines (besides
 * LOADED / LOADFAIL / VLOG / DONE as above; a failed load still prints the
 * instructions and the load lines):
 *   INSN  <prog> <i> <code> <dst> <src> <off>   every instruction libbpf
 *         passed to the kernel (code in hex), the indices the log uses
 *   VL    <prog> <log line>   each distinct log line of an instruction that
 *         loads from memory (BPF_LDX, BPF_MEM or BPF_MEMSX), with the
 *         state the verifier printed after it ("; R1_w=0 ...")
 *   VLTRUNC <prog> lines=<n>  more than 50000 distinct such lines: the rest
 *         are not printed
 *   LOGFULL <prog>            the log did not fit (the kernel fails the load)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#ifndef BPF_LOG_STATS
#define BPF_LOG_STATS 4 /* kernel/bpf/verifier.c; not in every uapi header */
#endif
#define STATS_LOG_SIZE (64 * 1024)
#define FULL_LOG_SIZE (16 * 1024 * 1024)
/* Rejects that processed more instructions are reported from the stats log
 * alone, without the reload at log level 1 (see run_one). */
#define VLOG_RELOAD_MAX_INSNS 100000UL
#define VLOG_TAIL_LINES 100 /* 7.x logs put a source listing and advice after the error */

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG && !getenv("HG_LOADER_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void usage(void)
{
	fprintf(stderr, "usage: hg-loader run OBJ.o [PROG] [--repeat N] [--exec PATH [ARGV0 ARG...]]\n"
			"       hg-loader semantics OBJ.o [PROG] [--inputs N] [--seed S]\n"
			"       hg-loader log OBJ.o [PROG]\n");
	exit(2);
}

/* A small Ethernet + IPv4 + TCP packet for xdp/tc/socket test runs. */
static const unsigned char test_pkt[] = {
	/* eth: dst, src, type IPv4 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	/* ipv4: ver/ihl, tos, len=40, id, frag, ttl, proto=tcp, csum, src 10.0.0.1, dst 10.0.0.2 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x40, 0x06, 0x66, 0xcd,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	/* tcp: sport 1234, dport 80, seq, ack, off=5, SYN, win, csum, urg */
	0x04, 0xd2, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* padding to 64 bytes */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

enum action { ACT_TEST_RUN_PKT, ACT_TEST_RUN_CTX, ACT_ATTACH, ACT_NONE };

static enum action action_for(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return ACT_TEST_RUN_PKT;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_SYSCALL:
		return ACT_TEST_RUN_CTX;
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
		return ACT_ATTACH;
	default:
		return ACT_NONE;
	}
}

static const char *type_name(enum bpf_prog_type t)
{
	const char *s = libbpf_bpf_prog_type_str(t);
	return s ? s : "unknown";
}

/* Print "STATS <prog> ..." from a BPF_LOG_STATS verifier log. */
static void print_stats(const char *prog, const char *log)
{
	unsigned long processed = 0, limit = 0, maxst = 0, total = 0, peak = 0, mread = 0;
	unsigned long vtime = 0;
	const char *p;
	int have = 0;

	if ((p = strstr(log, "processed ")) &&
	    sscanf(p, "processed %lu insns (limit %lu) max_states_per_insn %lu total_states %lu peak_states %lu mark_read %lu",
		   &processed, &limit, &maxst, &total, &peak, &mread) >= 1)
		have = 1;
	if ((p = strstr(log, "verification time ")))
		sscanf(p, "verification time %lu usec", &vtime);
	if (!have) {
		printf("STATS %s unavailable\n", prog);
		return;
	}
	printf("STATS %s processed=%lu total_states=%lu peak_states=%lu mark_read=%lu max_states_per_insn=%lu verification_time_usec=%lu",
	       prog, processed, total, peak, mread, maxst, vtime);
	if ((p = strstr(log, "stack depth max "))) {
		/* 7.x: "stack depth max N", then one line per subprogram:
		 * "subprog 0 (name) main insns_self 7 insns_total 7 stack 8";
		 * print the per-subprogram depths like older kernels ("16+0"). */
		const char *q = log;
		int first = 1;

		printf(" stack_depth=");
		while ((q = strstr(q, "subprog "))) {
			const char *e = strchr(q, '\n'), *st;
			unsigned d;

			if (!e)
				e = q + strlen(q);
			st = q;
			while ((st = strstr(st, " stack ")) && st < e &&
			       sscanf(st, " stack %u", &d) != 1)
				st++;
			if (st && st < e) {
				printf("%s%u", first ? "" : "+", d);
				first = 0;
			}
			q = e;
		}
		if (first)
			printf("%lu", strtoul(p + 16, NULL, 10));
	} else if ((p = strstr(log, "stack depth "))) {
		const char *e = strchr(p, '\n');
		int n = e ? (int)(e - p - 12) : (int)strlen(p + 12);
		/* "stack depth 16" or "stack depth 16+0" for subprograms */
		printf(" stack_depth=%.*s", n, p + 12);
	}
	printf("\n");
}

static void print_vlog_tail(const char *prog, const char *log)
{
	size_t len = strlen(log);
	const char *p = log + len;
	int lines = 0;

	while (len && log[len - 1] == '\n')
		len--;
	p = log + len;
	while (p > log && lines <= VLOG_TAIL_LINES) {
		p--;
		if (*p == '\n')
			lines++;
	}
	if (*p == '\n')
		p++;
	while (p < log + len) {
		const char *e = memchr(p, '\n', log + len - p);
		int n = e ? (int)(e - p) : (int)(log + len - p);
		printf("VLOG %s %.*s\n", prog, n, p);
		p += n + 1;
	}
	if (!lines && !len)
		printf("VLOG %s (empty verifier log)\n", prog);
}

static void print_xlated(const char *prog, int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		printf("XLATED %s unavailable err=%d\n", prog, -errno);
		return;
	}
	printf("XLATED %s insns=%u jited_bytes=%u\n", prog, info.xlated_prog_len / 8,
	       info.jited_prog_len);
}

/* Conditional jumps (BPF_JMP/BPF_JMP32 other than ja, call, exit). The
 * verifier's dead-code elimination shows as fewer of them in xlated. */
static unsigned count_cond_jumps(const struct bpf_insn *insn, size_t n)
{
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		__u8 cls = BPF_CLASS(insn[i].code), op = BPF_OP(insn[i].code);

		if (insn[i].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			i++; /* second half of ld_imm64 */
			continue;
		}
		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		if (op == BPF_JA || op == BPF_CALL || op == BPF_EXIT)
			continue;
		c++;
	}
	return c;
}

static void print_branches(const char *prog, const struct bpf_program *p, int fd)
{
	const struct bpf_insn *oi = bpf_program__insns(p);
	size_t on = bpf_program__insn_cnt(p);
	struct bpf_prog_info info;
	__u32 len = sizeof(info), n;
	struct bpf_insn *x;

	printf("BRANCHES %s obj=", prog);
	if (oi)
		printf("%u", count_cond_jumps(oi, on));
	else
		printf("?");
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.xlated_prog_len) {
		printf(" xlated=?\n");
		return;
	}
	n = info.xlated_prog_len / sizeof(struct bpf_insn);
	x = calloc(n, sizeof(*x));
	if (!x) {
		printf(" xlated=?\n");
		return;
	}
	memset(&info, 0, sizeof(info));
	len = sizeof(info);
	info.xlated_prog_len = n * sizeof(*x);
	info.xlated_prog_insns = (__u64)(unsigned long)x;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.xlated_prog_len)
		printf(" xlated=?\n");
	else
		printf(" xlated=%u\n", count_cond_jumps(x, info.xlated_prog_len / sizeof(*x)));
	free(x);
}

/* Open OBJ with only program PROG auto-loaded. */
static struct bpf_object *open_one(const char *path, const char *prog_name, int log_level,
				   char *log_buf, size_t log_size, struct bpf_program **out)
{
	struct bpf_object *obj;
	struct bpf_program *p;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return NULL;
	*out = NULL;
	bpf_object__for_each_program(p, obj) {
		int me = strcmp(bpf_program__name(p), prog_name) == 0;
		bpf_program__set_autoload(p, me);
		if (me) {
			bpf_program__set_log_level(p, log_level);
			bpf_program__set_log_buf(p, log_buf, log_size);
			*out = p;
		}
	}
	return obj;
}

/* open_one(), or NULL after printing LOADFAIL when the object or the
 * program cannot be opened. */
static struct bpf_object *open_or_fail(const char *path, const char *prog_name, int log_level,
				       char *log_buf, size_t log_size, struct bpf_program **out)
{
	struct bpf_object *obj = open_one(path, prog_name, log_level, log_buf, log_size, out);

	if (obj && *out)
		return obj;
	printf("LOADFAIL %s err=%d (cannot open object)\n", prog_name, -errno);
	if (obj)
		bpf_object__close(obj);
	return NULL;
}

/* fork + execv(path, argv) while the program is attached; argv[0] defaults to path. */
static void print_exec(const char *prog, const char *path, char **argv)
{
	char *self[2] = { (char *)path, NULL };
	int pfd[2], status, child_errno = 0;
	pid_t pid;
	ssize_t n;

	if (!argv[0])
		argv = self;
	fflush(stdout);
	if (pipe2(pfd, O_CLOEXEC)) {
		printf("EXEC %s path=%s errno=%d (pipe: %s)\n", prog, path, errno, strerror(errno));
		return;
	}
	pid = fork();
	if (pid < 0) {
		printf("EXEC %s path=%s errno=%d (fork: %s)\n", prog, path, errno, strerror(errno));
		return;
	}
	if (pid == 0) {
		close(pfd[0]);
		execv(path, argv);
		child_errno = errno;
		if (write(pfd[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(126);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], &child_errno, sizeof(child_errno));
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (n == sizeof(child_errno))
		printf("EXEC %s path=%s errno=%d (%s)\n", prog, path, child_errno,
		       strerror(child_errno));
	else if (WIFEXITED(status))
		printf("EXEC %s path=%s exit=%d\n", prog, path, WEXITSTATUS(status));
	else
		printf("EXEC %s path=%s signal=%d\n", prog, path, WTERMSIG(status));
}

/* A program that failed to load: print LOADFAIL, then load it again with
 * the verifier log at log_level and print the log's tail. */
static void report_load_failure(const char *path, const char *name, int err,
				__u32 log_level)
{
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	char *full = malloc(FULL_LOG_SIZE);

	printf("LOADFAIL %s err=%d (%s)\n", name, err, strerror(-err));
	if (!full)
		return;
	full[0] = 0;
	obj = open_one(path, name, log_level, full, FULL_LOG_SIZE, &prog);
	if (obj) {
		fflush(stdout);
		bpf_object__load(obj);
		bpf_object__close(obj);
	}
	print_vlog_tail(name, full);
	free(full);
}

/* Load, report and exercise one program. Returns 0 on success. */
static int run_one(const char *path, const char *name, int repeat, char **exec_argv)
{
	static char stats_log[STATS_LOG_SIZE];
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	enum bpf_prog_type type;
	int err, fd, ret = 0;

	stats_log[0] = 0;
	obj = open_or_fail(path, name, BPF_LOG_STATS, stats_log, sizeof(stats_log), &prog);
	if (!obj)
		return 1;
	type = bpf_program__type(prog);
	err = bpf_object__load(obj);
	if (err) {
		const char *proc = strstr(stats_log, "processed ");

		bpf_object__close(obj);
		/* A reject after many instructions (the 1M limit): the stats
		 * log already holds the verifier's messages, and a reload
		 * with the per-instruction log would take minutes under TCG. */
		if (proc && strtoul(proc + 10, NULL, 10) >= VLOG_RELOAD_MAX_INSNS) {
			printf("LOADFAIL %s err=%d (%s)\n", name, err, strerror(-err));
			print_vlog_tail(name, stats_log);
			return 1;
		}
		report_load_failure(path, name, err, 1 | BPF_LOG_STATS);
		return 1;
	}
	fd = bpf_program__fd(prog);
	printf("LOADED %s type=%s insns=%zu\n", name, type_name(type), bpf_program__insn_cnt(prog));
	print_stats(name, stats_log);
	print_xlated(name, fd);
	print_branches(name, prog, fd);

	switch (action_for(type)) {
	case ACT_TEST_RUN_PKT:
	case ACT_TEST_RUN_CTX: {
		unsigned char out[256];
		LIBBPF_OPTS(bpf_test_run_opts, opts);

		if (action_for(type) == ACT_TEST_RUN_PKT) {
			opts.data_in = test_pkt;
			opts.data_size_in = sizeof(test_pkt);
			opts.data_out = out;
			opts.data_size_out = sizeof(out);
			opts.repeat = repeat;
		}
		err = bpf_prog_test_run_opts(fd, &opts);
		if (err) {
			printf("RUNFAIL %s err=%d (%s)\n", name, -errno, strerror(errno));
			ret = 1;
		} else {
			printf("RESULT %s retval=%d duration_ns=%u\n", name, (int)opts.retval,
			       opts.duration);
		}
		break;
	}
	case ACT_ATTACH: {
		struct bpf_link *link = bpf_program__attach(prog);

		if (!link) {
			printf("ATTACHFAIL %s err=%d (%s)\n", name, -errno, strerror(errno));
			ret = 1;
			break;
		}
		printf("ATTACHED %s\n", name);
		if (exec_argv)
			print_exec(name, exec_argv[0], exec_argv + 1);
		bpf_link__destroy(link);
		break;
	}
	default:
		printf("SKIP %s reason=no-test-run-or-attach-for-%s\n", name, type_name(type));
		break;
	}
	bpf_object__close(obj);
	return ret;
}


/* --- semantics mode: BPF_PROG_TEST_RUN over generated inputs -------------- */

struct rng {
	__u64 s;
};

static __u64 rng_next(struct rng *r) /* splitmix64 */
{
	__u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rng_below(struct rng *r, unsigned n)
{
	return n ? (unsigned)(rng_next(r) % n) : 0;
}

static void rng_fill(struct rng *r, unsigned char *p, size_t n)
{
	while (n--)
		*p++ = (unsigned char)rng_next(r);
}

static __u64 fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	__u64 h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Ones' complement sum for the IPv4 header checksum. */
static unsigned csum16(const unsigned char *p, size_t n)
{
	__u32 s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (p[i] << 8) | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

#define SEM_MAX_PKT 1500

/* An address: mostly from a few small subnets (so that lookups and filters
 * see repeated, plausible values), sometimes random. */
static void gen_addr(struct rng *r, unsigned char *p, size_t n)
{
	rng_fill(r, p, n);
	switch (rng_below(r, 4)) {
	case 0: /* 10.0.0.x / fd00::x */
		memset(p, 0, n - 1);
		p[0] = n == 4 ? 10 : 0xfd;
		p[n - 1] = rng_below(r, 4);
		break;
	case 1: /* loopback 127.0.0.1 / ::1 */
		memset(p, 0, n);
		if (n == 4)
			p[0] = 127;
		p[n - 1] = 1;
		break;
	default:
		break;
	}
}

/* Writes an L4 header at p (room bytes available); returns its length. */
static size_t gen_l4(struct rng *r, unsigned char *p, size_t room, int proto)
{
	unsigned char h[20];
	size_t n;
	static const unsigned ports[] = { 22, 53, 80, 443, 1234, 8080, 0, 65535 };

	rng_fill(r, h, sizeof(h));
	switch (proto) {
	case 6: /* tcp */
		n = 20;
		if (rng_below(r, 2))
			put16(h, ports[rng_below(r, 8)]);
		if (rng_below(r, 2))
			put16(h + 2, ports[rng_below(r, 8)]);
		if (rng_below(r, 4))
			h[12] = (5 + rng_below(r, 11)) << 4; /* data offset 5..15 */
		break;
	case 17: /* udp */
		n = 8;
		if (rng_below(r, 2))
			put16(h, ports[rng_below(r, 8)]);
		if (rng_below(r, 2))
			put16(h + 2, ports[rng_below(r, 8)]);
		break;
	default: /* icmp / icmpv6 */
		n = 8;
		if (rng_below(r, 2))
			h[0] = rng_below(r, 2) ? 8 : 0; /* echo request / reply */
		h[1] = rng_below(r, 4) ? 0 : h[1];
		break;
	}
	if (n > room)
		n = room;
	memcpy(p, h, n);
	return n;
}

/* Input i of kind "packet": an Ethernet frame of 14..1500 bytes. */
static size_t gen_packet(struct rng *r, unsigned char *pkt)
{
	static const int protos[] = { 6, 17, 1, 58 };
	size_t len, off = 14, room;
	unsigned kind = rng_below(r, 10);

	/* lengths: mostly short (headers matter), some up to the MTU */
	switch (rng_below(r, 4)) {
	case 0:
		len = 14 + rng_below(r, 1500 - 14 + 1);
		break;
	case 1:
		len = 14 + rng_below(r, 40);
		break;
	default:
		len = 54 + rng_below(r, 200);
		break;
	}
	rng_fill(r, pkt, len);
	if (kind == 9) /* garbage */
		return len;
	/* MACs: random, or the fixed pair of the `run` packet, or broadcast */
	if (rng_below(r, 2)) {
		memcpy(pkt, test_pkt, 12);
	} else if (!rng_below(r, 4)) {
		memset(pkt, 0xff, 6);
	}
	if (kind == 8) { /* another ethertype: ARP, VLAN or random */
		static const unsigned types[] = { 0x0806, 0x8100, 0x88a8, 0x86dd, 0x0800 };
		unsigned t = rng_below(r, 6);

		if (t < 5)
			put16(pkt + 12, types[t]);
		return len;
	}
	room = len - off;
	if (kind < 5) { /* IPv4 */
		unsigned char ip[20];
		int proto = protos[rng_below(r, 3)];
		size_t ihl = 20, tot;

		put16(pkt + 12, 0x0800);
		rng_fill(r, ip, sizeof(ip));
		ip[0] = 0x45;
		if (!rng_below(r, 8))
			ip[0] = (rng_below(r, 16) << 4) | rng_below(r, 16); /* bad version / IHL */
		if (rng_below(r, 2))
			ip[1] = 0;
		ip[6] = rng_below(r, 2) ? 0x40 : ip[6] & 0x3f; /* DF or random frag */
		if (rng_below(r, 2))
			ip[7] = 0, ip[6] &= 0xe0;
		ip[8] = rng_below(r, 4) ? 64 : ip[8]; /* ttl, sometimes 0/1 */
		ip[9] = rng_below(r, 8) ? proto : ip[9];
		gen_addr(r, ip + 12, 4);
		gen_addr(r, ip + 16, 4);
		tot = len - off;
		if (rng_below(r, 4))
			put16(ip + 2, tot > 0xffff ? 0xffff : tot);
		ip[10] = ip[11] = 0;
		put16(ip + 10, csum16(ip, 20));
		if (rng_below(r, 8) == 0)
			put16(ip + 10, rng_below(r, 0x10000)); /* bad checksum */
		memcpy(pkt + off, ip, room < ihl ? room : ihl);
		if (room <= ihl)
			return len;
		off += ihl;
		gen_l4(r, pkt + off, len - off, ip[9]);
		return len;
	}
	{ /* IPv6 */
		unsigned char ip6[40];
		int proto = rng_below(r, 3) == 2 ? 58 : protos[rng_below(r, 2)];

		put16(pkt + 12, 0x86dd);
		rng_fill(r, ip6, sizeof(ip6));
		ip6[0] = 0x60 | (ip6[0] & 0x0f);
		if (!rng_below(r, 8))
			ip6[0] = rng_below(r, 256);
		put16(ip6 + 4, len - off > 40 ? len - off - 40 : 0);
		ip6[6] = rng_below(r, 8) ? proto : ip6[6];
		ip6[7] = rng_below(r, 4) ? 64 : ip6[7];
		gen_addr(r, ip6 + 8, 16);
		gen_addr(r, ip6 + 24, 16);
		memcpy(pkt + off, ip6, room < 40 ? room : 40);
		if (room <= 40)
			return len;
		off += 40;
		gen_l4(r, pkt + off, len - off, ip6[6]);
		return len;
	}
}

enum sem_kind { SEM_PKT, SEM_RAW_TP, SEM_SYSCALL, SEM_NONE };

static enum sem_kind sem_kind_for(enum bpf_prog_type t)
{
	switch (t) {
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return SEM_PKT;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return SEM_RAW_TP;
	case BPF_PROG_TYPE_SYSCALL:
		return SEM_SYSCALL;
	default:
		return SEM_NONE;
	}
}

/* Output of one INPUT line into buf; returns its length. */
static int sem_run_input(int fd, enum bpf_prog_type type, enum sem_kind kind, __u64 seed,
			 unsigned i, const char *name, char *line, size_t line_size, int *ok)
{
	static unsigned char in[4096], out[8192], ctx_in[512], ctx_out[512];
	/* one stream per (seed, kind, input): the object does not matter */
	struct rng r = { seed * 0x2545f4914f6cdd1dULL ^ ((__u64)kind << 56) ^ i };
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	size_t ctx_size = 0;
	int err;

	rng_next(&r);
	switch (kind) {
	case SEM_PKT:
		opts.data_in = in;
		opts.data_size_in = gen_packet(&r, in);
		opts.data_out = out;
		opts.data_size_out = sizeof(out);
		ctx_size = type == BPF_PROG_TYPE_XDP ? sizeof(struct xdp_md) : sizeof(struct __sk_buff);
		memset(ctx_in, 0, ctx_size);
		memset(ctx_out, 0, ctx_size);
		if (type == BPF_PROG_TYPE_XDP) /* the kernel wants data_end == size */
			((struct xdp_md *)ctx_in)->data_end = opts.data_size_in;
		opts.ctx_in = ctx_in;
		opts.ctx_size_in = ctx_size;
		opts.ctx_out = ctx_out;
		opts.ctx_size_out = ctx_size;
		break;
	case SEM_RAW_TP:
		ctx_size = 8 * rng_below(&r, 13);
		rng_fill(&r, ctx_in, ctx_size);
		opts.ctx_in = ctx_size ? ctx_in : NULL;
		opts.ctx_size_in = ctx_size;
		ctx_size = 0;
		break;
	default: /* SEM_SYSCALL */
		ctx_size = rng_below(&r, 257);
		rng_fill(&r, ctx_in, ctx_size);
		memcpy(ctx_out, ctx_in, ctx_size);
		opts.ctx_in = ctx_size ? ctx_out : NULL; /* syscall progs write ctx in place */
		opts.ctx_size_in = ctx_size;
		break;
	}
	memset(out, 0, sizeof(out));
	err = bpf_prog_test_run_opts(fd, &opts);
	if (err)
		return snprintf(line, line_size, "INPUT %s %u err=%d\n", name, i, errno);
	(*ok)++;
	if (kind == SEM_SYSCALL)
		opts.ctx_size_out = ctx_size;
	return snprintf(line, line_size, "INPUT %s %u retval=%d size=%u data=%016llx ctx=%016llx\n",
			name, i, (int)opts.retval, opts.data_size_out,
			(unsigned long long)fnv1a(out, opts.data_size_out < sizeof(out) ? opts.data_size_out : sizeof(out)),
			(unsigned long long)fnv1a(ctx_out, opts.ctx_size_out < sizeof(ctx_out) ? opts.ctx_size_out : sizeof(ctx_out)));
}

static int sem_one(const char *path, const char *name, unsigned inputs, __u64 seed)
{
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	enum bpf_prog_type type;
	enum sem_kind kind;
	__u64 digest = 0xcbf29ce484222325ULL;
	char line[256];
	int err, fd, ok = 0;
	unsigned i;

	obj = open_or_fail(path, name, 0, NULL, 0, &prog);
	if (!obj)
		return 1;
	type = bpf_program__type(prog);
	kind = sem_kind_for(type);
	if (kind == SEM_NONE) {
		printf("SKIP %s reason=no-test-run-for-%s\n", name, type_name(type));
		bpf_object__close(obj);
		return 0;
	}
	err = bpf_object__load(obj);
	if (err) {
		bpf_object__close(obj);
		report_load_failure(path, name, err, 1);
		return 1;
	}
	fd = bpf_program__fd(prog);
	printf("LOADED %s type=%s insns=%zu\n", name, type_name(type), bpf_program__insn_cnt(prog));
	for (i = 0; i < inputs; i++) {
		int n = sem_run_input(fd, type, kind, seed, i, name, line, sizeof(line), &ok);

		digest ^= fnv1a(line, n);
		digest *= 0x100000001b3ULL;
		fputs(line, stdout);
	}
	printf("SEMDONE %s inputs=%u ok=%d digest=%016llx\n", name, inputs, ok,
	       (unsigned long long)digest);
	bpf_object__close(obj);
	return 0;
}

#define ORACLE_LOG_SIZE (256u << 20)
#define ORACLE_MAX_LINES 50000
#define ORACLE_SEEN_SLOTS (1u << 18) /* > 2 * ORACLE_MAX_LINES */

static int is_mem_load(unsigned code)
{
	/* BPF_LDX | BPF_MEM or BPF_MEMSX, any size */
	return (code & 0x07) == 0x01 && ((code & 0xe0) == 0x60 || (code & 0xe0) == 0x80);
}

/* Prints the distinct log lines of loads ("12: (71) r1 = *(u8 *)(r10 -16) ; R1_w=0"). */
static void print_load_lines(const char *name, const char *log)
{
	static __u64 seen[ORACLE_SEEN_SLOTS];
	const char *p = log;
	unsigned printed = 0, dropped = 0;

	memset(seen, 0, sizeof(seen));
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		unsigned long idx;
		unsigned code;
		int used = 0;

		if (sscanf(p, "%lu: (%2x)%n", &idx, &code, &used) == 2 && used && is_mem_load(code)) {
			__u64 h = fnv1a(p, n) | 1; /* 0 marks a free slot */
			unsigned slot = (unsigned)h & (ORACLE_SEEN_SLOTS - 1);

			while (seen[slot] && seen[slot] != h)
				slot = (slot + 1) & (ORACLE_SEEN_SLOTS - 1);
			if (!seen[slot]) {
				if (printed < ORACLE_MAX_LINES) {
					seen[slot] = h;
					printf("VL %s %.*s\n", name, (int)n, p);
					printed++;
				} else {
					dropped++;
				}
			}
		}
		p += n + (e ? 1 : 0);
	}
	if (dropped)
		printf("VLTRUNC %s lines=%u\n", name, printed + dropped);
}

/* `log`: load one program with the verifier log at level 2 and print its
 * instructions and the verifier's state after each load. */
static int log_one(const char *path, const char *name)
{
	static char *log;
	const struct bpf_insn *insns;
	struct bpf_program *prog = NULL;
	struct bpf_object *obj;
	size_t i, cnt;
	int err;

	if (!log && !(log = malloc(ORACLE_LOG_SIZE))) {
		printf("LOADFAIL %s err=%d (no memory for the log)\n", name, -ENOMEM);
		return 1;
	}
	log[0] = 0;
	obj = open_or_fail(path, name, 2, log, ORACLE_LOG_SIZE, &prog);
	if (!obj)
		return 1;
	err = bpf_object__load(obj);
	if (err == -ENOSPC)
		printf("LOGFULL %s\n", name);
	if (err)
		printf("LOADFAIL %s err=%d (%s)\n", name, err, strerror(-err));
	else
		printf("LOADED %s type=%d insns=%zu\n", name, bpf_program__type(prog),
		       bpf_program__insn_cnt(prog));
	insns = bpf_program__insns(prog);
	cnt = insns ? bpf_program__insn_cnt(prog) : 0;
	for (i = 0; i < cnt; i++)
		printf("INSN %s %zu %02x %u %u %d\n", name, i, insns[i].code, insns[i].dst_reg,
		       insns[i].src_reg, insns[i].off);
	print_load_lines(name, log);
	if (err)
		print_vlog_tail(name, log);
	bpf_object__close(obj);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *path, *only = NULL;
	char **exec_argv = NULL;
	struct bpf_object *obj;
	struct bpf_program *p;
	char **names;
	int i, n = 0, failed = 0, repeat = 0, semantics, vlog;
	unsigned inputs = 200;
	__u64 seed = 1;
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };

	if (argc < 3 || (strcmp(argv[1], "run") && strcmp(argv[1], "semantics") &&
			 strcmp(argv[1], "log")))
		usage();
	semantics = !strcmp(argv[1], "semantics");
	vlog = !strcmp(argv[1], "log");
	/* semantics and log print thousands of lines: buffer them fully */
	setvbuf(stdout, NULL, semantics || vlog ? _IOFBF : _IOLBF, semantics || vlog ? 1 << 16 : 0);
	path = argv[2];
	for (i = 3; i < argc; i++) {
		if (semantics && !strcmp(argv[i], "--inputs")) {
			if (++i >= argc)
				usage();
			inputs = strtoul(argv[i], NULL, 0);
		} else if (semantics && !strcmp(argv[i], "--seed")) {
			if (++i >= argc)
				usage();
			seed = strtoull(argv[i], NULL, 0);
		} else if (!semantics && !vlog && !strcmp(argv[i], "--repeat")) {
			if (++i >= argc)
				usage();
			repeat = atoi(argv[i]);
		} else if (!semantics && !vlog && !strcmp(argv[i], "--exec")) {
			if (++i >= argc)
				usage();
			exec_argv = &argv[i];
			break;
		} else if (argv[i][0] == '-' || only) {
			usage();
		} else {
			only = argv[i];
		}
	}
	setrlimit(RLIMIT_MEMLOCK, &rl);
	libbpf_set_print(libbpf_print);

	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("ERROR obj=%s err=%d (%s)\n", path, -errno, strerror(errno));
		return 2;
	}
	names = calloc(256, sizeof(*names));
	bpf_object__for_each_program(p, obj) {
		if (only && strcmp(bpf_program__name(p), only))
			continue;
		if (n < 256)
			names[n++] = strdup(bpf_program__name(p));
	}
	bpf_object__close(obj);
	if (!n) {
		printf("ERROR obj=%s no program%s%s\n", path, only ? " named " : "", only ? only : "");
		return 2;
	}
	for (i = 0; i < n; i++)
		failed += vlog	     ? log_one(path, names[i]) != 0
			  : semantics ? sem_one(path, names[i], inputs, seed) != 0
				      : run_one(path, names[i], repeat, exec_argv) != 0;
	printf("DONE obj=%s programs=%d failed=%d\n", path, n, failed);
	return failed ? 1 : 0;
}
