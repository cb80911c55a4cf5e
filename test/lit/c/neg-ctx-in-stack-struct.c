// Negative (issue 23, item 2): a tc program keeps its context in stack
// structs: fwd_state holds a pointer to tc_ctx, which holds the __sk_buff
// pointer (both kept in memory: a subprogram gets their address). The
// zeroed bpf_fib_lookup takes .ifindex = f.tc->skb->ingress_ifindex, and
// after the call only ifindex is read (4 bytes) and compared with another
// load of ingress_ifindex and with a constant.
// The verifier tracks the spilled pointers: the load is a context access
// (any u32), stored as a u32 and filled as one it is any u32 again; nothing
// can be folded. The pass follows a pointer loaded from a stack slot (a
// struct field at -O2, a pointer variable at -O0) to the pointers stored
// there (&c, whose skb field holds the context) and leaves the call alone:
// the same code as without the plugin. The checker calls the object clean.
// With TWIN, ifindex comes through the same pointers from a constant the
// subprogram stored in tc_ctx (stack memory): the verifier knows it, the
// call stays guarded.
//
// RUN: %bpfcc-plain -c -o %t.plain.o %s
// RUN: %bpfcc -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.o %s \
// RUN:   2>&1 | FileCheck %s --implicit-check-not=warning --implicit-check-not=guarded
// RUN: %cmp-code %t.plain.o %t.o
// RUN: %bpfcc -O0 -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.O0.o %s \
// RUN:   2>&1 | FileCheck %s --implicit-check-not=warning --implicit-check-not=guarded
// RUN: %helperguard check --kernels 6.17.13 %t.plain.o | FileCheck %s --check-prefix=CLEAN
// RUN: %bpfcc -DTWIN -Rpass=helperguard -c -o %t.twin.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWIN

#include "hg.h"

#define AF_INET 2

struct tc_ctx {
	struct __sk_buff *skb;
	__u32 daddr;
	__u32 mtu;
};

struct fwd_state {
	struct tc_ctx *tc;
	__u32 hops;
	__u32 flags;
};

static __noinline int parse(struct fwd_state *f)
{
	f->tc->daddr = f->tc->skb->mark;
	f->tc->mtu = 1500;
	f->hops++;
	return f->tc->daddr != 0;
}

SEC("tc") int tc_fwd(struct __sk_buff *skb)
{
	struct tc_ctx c = { .skb = skb };
	struct fwd_state f = { .tc = &c };

	if (!parse(&f))
		return 2;
	struct bpf_fib_lookup fib = {
		.family = AF_INET,
		.tot_len = f.tc->mtu,
#ifdef TWIN
		.ifindex = f.tc->mtu,
#else
		.ifindex = f.tc->skb->ingress_ifindex,
#endif
	};
	fib.ipv6_dst[0] = f.tc->daddr;
	if (bpf_fib_lookup(f.tc->skb, &fib, sizeof(fib), 0))
		return 2;
	if (fib.ifindex == f.tc->skb->ingress_ifindex)
		return 0;
	if (fib.ifindex == 7)
		return 1;
	return 2;
}

// CHECK: remark: bpf_fib_lookup left alone: the reads after the call learn nothing
// CLEAN: 1 program(s), 1 helper/kfunc call(s), 0 hazardous on kernels 6.17.13
// TWIN: remark: guarded: bpf_fib_lookup writes 'fib' (sched_cls; kernels 6.14-6.18{{[.0-9]*}}) with init-global
