// Shape: the caller zero-initialises a buffer and hands it to bpf_loop (or
// bpf_for_each_map_elem) as the callback's context; the helper is called in
// the callback on it, and the caller reads it after the loop, or the
// callback reads it on its next call.
// Hazard: the verifier walks the callback in a new frame on top of the
// caller's, the context stays PTR_TO_STACK of the caller's frame, so the
// stale belief crosses the callback and its repetitions (measured on
// 6.17.13: test/lit/check/callbacks.c, ctest
// check-kernel-agreement-callbacks). The guard must rewrite the caller's
// initialisation. The callback takes the program type of the program that
// passes it.
//
// Kernels 6.1-: 5.10 lacks bpf_snprintf (a portability warning, not this
// test's subject).
// RUN: %bpfcc %{SNPRINTF_XDP} -Rpass=helperguard -Rpass-missed=helperguard \
// RUN:   -mllvm -bpf-helperguard-kernels=6.1- -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s
// CHECK: callback-ctx.c:[[#@LINE+12]]:{{.*}}remark: guarded: bpf_snprintf writes 'c' (xdp;
// CHECK: callback-ctx.c:[[#@LINE+35]]:{{.*}}remark: guarded: bpf_snprintf writes 'c' (xdp;
// CHECK-NOT: warning

#include "pairs.h"

static long (* const bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *) 181;

__u32 seen;

static long cb(__u64 index, void *data)
{
	bpf_snprintf(data, 16, hg_fmt, 0, 0);
	return 1;
}

SEC(PROG_SEC) int after(CTX *ctx)
{
	char c[16] = {};

	bpf_loop(1, cb, c, 0);
	if (c[0] == 'a') {
		seen = 1;
		return 1;
	}
	return 2;
}

static long again_cb(__u64 index, void *data)
{
	char *c = data;

	if (c[0] == 'a') {
		seen = 1;
		return 1;
	}
	bpf_snprintf(c, 16, hg_fmt, 0, 0);
	return 0;
}

SEC(PROG_SEC) int again(CTX *ctx)
{
	char c[16] = {};

	bpf_loop(2, again_cb, c, 0);
	return 2;
}
