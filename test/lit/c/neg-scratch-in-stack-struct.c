// Negative: a forwarder keeps a context struct on its stack (passed to a
// subprogram, so it stays in memory at -O2) with a `scratch` pointer into a
// per-CPU map value, and passes ctx->scratch to bpf_fib_lookup. The struct
// also holds the address of a stack buffer (the map key), so a stack buffer
// is stored in memory. The pass follows the stored address through the
// struct's field, sees that `scratch` cannot be a stack address (it was
// stored from bpf_map_lookup_elem's result), and leaves the call alone:
// a remark only, no warning, the same code.
//
// RUN: %bpfcc-plain -c -o %t.plain.o %s
// RUN: %bpfcc -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.o %s \
// RUN:   2>&1 | FileCheck %s --implicit-check-not=warning --implicit-check-not=guarded
// RUN: llvm-objdump -d -r --no-show-raw-insn %t.plain.o | grep -v 'file format' > %t.plain.dis
// RUN: llvm-objdump -d -r --no-show-raw-insn %t.o | grep -v 'file format' > %t.dis
// RUN: diff %t.plain.dis %t.dis

#include "hg.h"

struct {
	int (*type)[6]; /* BPF_MAP_TYPE_PERCPU_ARRAY */
	int (*max_entries)[1];
	__u32 *key;
	struct bpf_fib_lookup *value;
} scratch_map SEC(".maps");

struct fwd_ctx {
	struct bpf_fib_lookup *scratch;
	__u32 *key;
	__u32 ifindex;
	int rc;
};

static __noinline int lookup(struct xdp_md *xdp, struct fwd_ctx *c)
{
	if (!bpf_map_lookup_elem(&scratch_map, c->key))
		return 0;
	c->scratch->ifindex = c->ifindex;
	c->scratch->family = 2;
	c->rc = bpf_fib_lookup(xdp, c->scratch, sizeof(*c->scratch), 0);
	return c->rc == 0;
}

SEC("xdp") int prog(struct xdp_md *xdp)
{
	__u32 key = 0;
	struct fwd_ctx c = { .key = &key, .ifindex = xdp->ingress_ifindex };

	c.scratch = bpf_map_lookup_elem(&scratch_map, &key);
	if (!c.scratch)
		return 1;
	if (!lookup(xdp, &c))
		return 2;
	return c.rc + c.scratch->dmac[0];
}

// CHECK-DAG: remark: bpf_fib_lookup left alone: argument 2 is not a stack buffer (loaded from memory that holds no stack address)
// CHECK-DAG: remark: bpf_map_lookup_elem left alone
