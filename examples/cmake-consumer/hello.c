// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Loads hello.bpf.o through its skeleton, runs it once on a 64-byte packet
 * with BPF_PROG_TEST_RUN and prints "RESULT retval=2 passed=1" (2 = XDP_PASS).
 * Needs root (CAP_BPF). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "hello_obj.skel.h"

int main(void)
{
	unsigned char pkt[64] = { 0 };
	struct hello_bpf *skel = hello_bpf__open_and_load();
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = 1);

	if (!skel) {
		fprintf(stderr, "hello: loading failed: %s\n", strerror(errno));
		return 1;
	}
	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.hello), &opts)) {
		fprintf(stderr, "hello: BPF_PROG_TEST_RUN failed: %s\n", strerror(errno));
		return 1;
	}
	printf("RESULT retval=%u passed=%llu\n", opts.retval, (unsigned long long)skel->bss->passed);
	hello_bpf__destroy(skel);
	return 0;
}
