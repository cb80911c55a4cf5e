// "helperguard check" on nested bpf_loop: the program passes the outer
// callback, the outer callback passes the inner one. Both addresses are
// candidates at the inner call; the outer callback, active there, is not
// (its call would be recursion, which the verifier refuses). Before that
// rule the checker gave up on the program ("recursive call of .text+0",
// the 6.1 selftests' bpf_loop_bench.c) and found nothing in it.
//
// RUN: %bpfcc-plain -DPAIR_SNPRINTF_XDP -c -o %t.o %s
// RUN: not %helperguard check %t.o 2>&1 | FileCheck %s
// CHECK-NOT: not checked
// CHECK: nested-callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in nested (xdp), kernels 6.14-6.18.14
// CHECK: 1 program(s), 3 helper/kfunc call(s), 1 hazardous on kernels all

#include "pairs.h"

static long (* const bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *) 181;

__u32 hg_seen;

static long inner_cb(__u64 index, void *data)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	if (buf[0] == 'a')
		hg_seen = 1;
	return 1;
}

static long outer_cb(__u64 index, void *data)
{
	bpf_loop(1, inner_cb, data, 0);
	return 0;
}

SEC("xdp") int nested(struct xdp_md *ctx)
{
	int c = 0;

	bpf_loop(1, outer_cb, &c, 0);
	return 2;
}
