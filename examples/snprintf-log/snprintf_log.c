// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * snprintf_log_run: runs snprintf_log.bpf.c (through its libbpf skeleton) with
 * BPF_PROG_TEST_RUN on a crafted IPv4 packet per protocol given, and prints
 * one line per packet:
 *
 *   snprintf_log_run PROTO...         (e.g. 6 17 1)
 *   RESULT proto=6 retval=0 line="proto=6 len=40 ttl=64" tcp_lines=1
 *
 * retval is the tc verdict (0 TC_ACT_OK, 2 TC_ACT_SHOT). Needs root (CAP_BPF).
 * SKEL_HEADER picks the skeleton (guarded or unguarded build).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#ifndef SKEL_HEADER
#define SKEL_HEADER "snprintf_log.skel.h"
#endif
#include SKEL_HEADER

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

int main(int argc, char **argv)
{
	unsigned char pkt[54] = {
		0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,	/* eth, IPv4 */
		/* ipv4: ver/ihl, tos, tot_len=40, id, frag, ttl=64, proto (set below), csum, 10.0.0.1 -> 10.0.0.2 */
		0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 64, 0, 0, 0,
		10, 0, 0, 1, 10, 0, 0, 2,
		/* 20 bytes of L4 */
		0x04, 0xd2, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0x20, 0x00, 0, 0, 0, 0,
	};
	struct snprintf_log_bpf *skel;
	int i, err, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PROTO...\n", argv[0]);
		return 2;
	}
	libbpf_set_print(libbpf_print);
	skel = snprintf_log_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "snprintf_log_run: loading failed: %s\n", strerror(errno));
		return 1;
	}
	for (i = 1; i < argc; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = 1);

		pkt[23] = (unsigned char)atoi(argv[i]);
		memset(skel->bss->last_line, 0, sizeof(skel->bss->last_line));
		err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.snprintf_log), &opts);
		if (err) {
			fprintf(stderr, "snprintf_log_run: BPF_PROG_TEST_RUN failed: %s\n", strerror(errno));
			rc = 1;
			break;
		}
		printf("RESULT proto=%s retval=%u line=\"%.*s\" tcp_lines=%llu\n", argv[i], opts.retval,
		       (int)sizeof(skel->bss->last_line), skel->bss->last_line,
		       (unsigned long long)skel->bss->tcp_lines);
	}
	snprintf_log_bpf__destroy(skel);
	return rc;
}
