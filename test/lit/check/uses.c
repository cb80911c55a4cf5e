// "helperguard check": two uses of stale knowledge that are not branches on
// the loaded value itself.
//   - an LSM program returns a bit of the written bytes: the verifier checks
//     the return range with what it believes (check_return_code()), so a
//     6.14-6.18 verifier loads a program a fixed one rejects
//     (test/check/return-range.bpf.c; docs/check.md, Agreement 2);
//   - a read at a variable offset inside four bytes zeroed by a store that
//     does not start a slot (STACK_ZERO): the pointer's offset range starts
//     at the constant added to the index, which the checker now keeps as a
//     lower bound (the verifier-log oracle showed the fold on 6.17.13).
// The same return in an XDP program is not checked by the verifier: ok.
//
// RUN: %bpfcc-plain -DPAIR_SNPRINTF_XDP -c -o %t.o %s
// RUN: not %helperguard check --all %t.o | FileCheck %s
// RUN: %bpfcc -DPAIR_SNPRINTF_XDP -c -o %t.guarded.o %s
// RUN: %helperguard check %t.guarded.o | FileCheck %s --check-prefix=GUARDED
// GUARDED: 3 program(s), 3 helper/kfunc call(s), 0 hazardous

#include "pairs.h"

SEC("lsm/file_open") int lsm_return(void *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0] & 1;
}

SEC("xdp") int xdp_return(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0] & 1;
}

SEC("xdp") int variable_offset(struct xdp_md *ctx)
{
	char buf[16] __attribute__((aligned(8)));
	__u32 i = ctx->rx_queue_index & 3;

	asm volatile("" : "+r"(i)); // keep LLVM from OR-ing i into the pointer
	*(__u32 *)&buf[4] = 0;
	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[4 + i] == 'a' ? 1 : 2;
}

// CHECK-LABEL: uses.c:25:{{.*}}: hazard: bpf_snprintf in lsm_return (lsm)
// CHECK:       used at {{.*}}uses.c:26:
// CHECK-LABEL: uses.c:33:{{.*}}: ok: bpf_snprintf in xdp_return (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// CHECK-LABEL: uses.c:44:{{.*}}: hazard: bpf_snprintf in variable_offset (xdp)
// CHECK:       used at {{.*}}uses.c:45:
// CHECK:       3 program(s), 3 helper/kfunc call(s), 2 hazardous
