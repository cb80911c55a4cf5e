// "helperguard check --all" on one object with many programs (bpf_snprintf
// in XDP): which shapes are hazards and which are not, and why.
//
// RUN: %bpfcc-plain -DPAIR_SNPRINTF_XDP -c -o %t.o %s
// RUN: %helperguard check --all %t.o > %t.out; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out \
// RUN:   %if llvm14 %{--check-prefix=UNROLLED%} %else %{--check-prefix=KEPT%}
// The guarded object: no hazard left.
// RUN: %bpfcc -DPAIR_SNPRINTF_XDP -c -o %t.guarded.o %s
// RUN: %helperguard check %t.guarded.o | FileCheck %s --check-prefix=GUARDED
// GUARDED: 0 hazardous
// Kernels none of which is affected: no hazard either.
// RUN: %helperguard check --kernels 6.12.117,6.19.6 %t.o \
// RUN:   | FileCheck %s --check-prefix=UNAFFECTED
// UNAFFECTED: 0 hazardous on kernels 6.12.117,6.19.6

#include "pairs.h"
__u64 hg_unknown; /* a map value to the verifier, 0 when run */
static __noinline int first_is_a(const char *s)
{
	return s[0] == 'a';
}

static __noinline long fill(char *buf, int size)
{
	return bpf_snprintf(buf, size, hg_fmt, 0, 0);
}

/* Read back and branched on: the hazard. */
SEC("xdp") int branch(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0] == 'a' ? 1 : 2;
}

/* Read in a subprogram, through a pointer: the hazard. */
SEC("xdp") int subprog_read(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return first_is_a(buf) ? 1 : 2;
}

/* The helper is called in a subprogram on the caller's buffer. */
SEC("xdp") int subprog_call(struct xdp_md *ctx)
{
	char buf[16] = {};

	fill(buf, sizeof(buf));
	return buf[1] == 'b' ? 1 : 2;
}

/* Never initialised: the verifier knows nothing of the bytes. */
SEC("xdp") int uninitialised(struct xdp_md *ctx)
{
	char buf[16];

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0] == 'a' ? 1 : 2;
}

/* Initialised, written, never read. */
SEC("xdp") int not_read(struct xdp_md *ctx)
{
	char buf[16] = {};

	return bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0) > 0;
}

/* Read back, but only returned: the program computes with the real bytes,
 * no verifier decision rests on them (the pass guards this one too). */
SEC("xdp") int returned(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0];
}

/* Initialised from unknown values: nothing known to keep. */
SEC("xdp") int unknown_init(struct xdp_md *ctx)
{
	char buf[16];

	__builtin_memset(buf, hg_unknown & 0xff, 8);
	*(volatile __u64 *)&buf[8] = hg_unknown;
	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[8] == 'a' ? 1 : 2;
}

/* Called in a loop and read at the counter before the next call: the
 * verifier walks each iteration with an exact offset and folds the read. */
SEC("xdp") int loop(struct xdp_md *ctx)
{
	char buf[16] = {};
	int i;

#pragma clang loop unroll(disable)
	for (i = 0; i < 4; i++) {
		if (buf[i] == 'a')
			return 1;
		bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	}
	return 2;
}

/* Read at an index the verifier only knows the bounds of: a variable-offset
 * read is known only where every byte is STACK_ZERO, and clang zeroes the
 * buffer with 8-byte register spills (STACK_SPILL). */
SEC("xdp") int variable_index(struct xdp_md *ctx)
{
	char buf[16] = {};
	__u32 i = hg_unknown & 15;

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[i] == 'a' ? 1 : 2;
}

/* The buffer is overwritten by a helper that declares its write
 * (bpf_probe_read_kernel) before it is read: the verifier forgets. */
SEC("xdp") int overwritten(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	bpf_probe_read_kernel(buf, sizeof(buf), (void *)(long)ctx->data);
	return buf[0] == 'a' ? 1 : 2;
}

// Output is in code order: .text (the subprograms) first.
// CHECK-LABEL: shapes.c:25:{{.*}}(.text+0x{{[0-9a-f]+}}): hazard: bpf_snprintf in subprog_call (xdp), kernels 6.14-6.18
// CHECK:       used at {{.*}}shapes.c:52:
// CHECK-LABEL: shapes.c:33:{{.*}}: hazard: bpf_snprintf in branch (xdp)
// CHECK:       used at {{.*}}shapes.c:34:
// CHECK-LABEL: shapes.c:42:{{.*}}: hazard: bpf_snprintf in subprog_read (xdp)
// CHECK:       used at {{.*}}shapes.c:20:
// CHECK-LABEL: shapes.c:60:{{.*}}: ok: bpf_snprintf in uninitialised (xdp)
// CHECK-NEXT:  no byte the helper writes is known to the verifier before the call
// CHECK-LABEL: shapes.c:69:{{.*}}: ok: bpf_snprintf in not_read (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// CHECK-LABEL: shapes.c:78:{{.*}}: ok: bpf_snprintf in returned (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// CHECK-LABEL: shapes.c:89:{{.*}}: ok: bpf_snprintf in unknown_init (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// CHECK-LABEL: shapes.c:[[#]]:{{.*}}: hazard: bpf_snprintf in loop (xdp)
// CHECK-LABEL: shapes.c:[[#]]:{{.*}}: ok: bpf_snprintf in variable_index (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// CHECK-LABEL: shapes.c:[[#]]:{{.*}}: ok: bpf_snprintf in overwritten (xdp)
// CHECK-NEXT:  no use after the call relies on what the verifier knew
// clang 14 unrolls the loop despite the pragma: four calls, the last one
// read by nothing.
// KEPT:     10 program(s), 11 helper/kfunc call(s), 4 hazardous on kernels all
// UNROLLED: 10 program(s), 14 helper/kfunc call(s), 6 hazardous on kernels all
// CHECK: exit=1
