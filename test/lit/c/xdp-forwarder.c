// Shape (issue 23, item 1): an XDP forwarder for IPv4 and IPv6. A zeroed
// struct bpf_fib_lookup takes .ifindex from the context; on two paths,
// in always-inlined functions, family is set to AF_INET or AF_INET6 and the
// addresses are copied from the packet; with KFUNC the struct goes to a
// kfunc first; after bpf_fib_lookup the program branches on family and
// copies dmac/smac into the packet.
// Hazard: the verifier keeps family (2 or 10 on each path) and the zeros of
// dmac/smac after the call.
// Price: the kfunc's escape gives no byte the verifier knows (kfuncs are
// not walked in the program's state), so the initialisations can still be
// rewritten (init, not reload); and the three of them (the zeroing in the
// entry block, family on each path) share one opaque zero, made in the
// block that dominates them: one load of the zero, one add per family.
//
// RUN: %bpfcc -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s
// RUN: %bpfcc -DKFUNC -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s
// RUN: %bpfcc-plain -c -o %t.plain.o %s
// RUN: %bpfcc -c -o %t.o %s
// RUN: llvm-objdump -d --no-show-raw-insn %t.plain.o \
// RUN:   | awk -F: '/^ *[0-9]+:/ { n = $1 } END { print n + 1 }' > %t.n
// RUN: llvm-objdump -d --no-show-raw-insn %t.o \
// RUN:   | awk -F: '/^ *[0-9]+:/ { n = $1 } END { print n + 1 }' >> %t.n
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=ONEZERO
// RUN: awk 'NR == 1 { a = $1 } NR == 2 { print "added", $1 - a }' %t.n \
// RUN:   | FileCheck %s --check-prefix=COST

#include "hg.h"

#define AF_INET 2
#define AF_INET6 10

struct ethhdr {
	__u8 h_dest[6];
	__u8 h_source[6];
	__u16 h_proto;
};
struct iphdr {
	__u8 ihl_ver, tos;
	__u16 tot_len, id, frag_off;
	__u8 ttl, protocol;
	__u16 check;
	__u32 saddr, daddr;
};
struct ipv6hdr {
	__u32 flow;
	__u16 payload_len;
	__u8 nexthdr, hop_limit;
	__u32 saddr[4], daddr[4];
};

#ifdef KFUNC
extern int fwd_lookup_kfunc(struct xdp_md *ctx, struct bpf_fib_lookup *p,
			    __u32 p__sz) __attribute__((weak));
#endif

static __attribute__((always_inline)) inline void
fill4(struct bpf_fib_lookup *p, struct iphdr *ip)
{
	p->family = AF_INET;
	p->l4_protocol = ip->protocol;
	p->tot_len = ip->tot_len;
	p->ipv6_src[0] = ip->saddr;
	p->ipv6_dst[0] = ip->daddr;
}

static __attribute__((always_inline)) inline void
fill6(struct bpf_fib_lookup *p, struct ipv6hdr *ip6)
{
	p->family = AF_INET6;
	p->l4_protocol = ip6->nexthdr;
	p->tot_len = ip6->payload_len;
	for (int i = 0; i < 4; i++) {
		p->ipv6_src[i] = ip6->saddr[i];
		p->ipv6_dst[i] = ip6->daddr[i];
	}
}

SEC("xdp") int xdp_fwd(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct bpf_fib_lookup fib = { .ifindex = ctx->ingress_ifindex };

	if ((void *)(eth + 1) > data_end)
		return 1;
	if (eth->h_proto == 0x0008) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end)
			return 1;
		fill4(&fib, ip);
	} else if (eth->h_proto == 0xdd86) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end)
			return 1;
		fill6(&fib, ip6);
	} else {
		return 2;
	}
#ifdef KFUNC
	if (fwd_lookup_kfunc(ctx, &fib, sizeof(fib)) == 0)
		goto found;
#endif
	if (bpf_fib_lookup(ctx, &fib, sizeof(fib), 0))
		return 2;
#ifdef KFUNC
found:
#endif
	if (fib.family == AF_INET6)
		return 4;
	__builtin_memcpy(eth->h_dest, fib.dmac, 6);
	__builtin_memcpy(eth->h_source, fib.smac, 6);
	return 3;
}

// CHECK: remark: guarded: bpf_fib_lookup writes 'fib' (xdp; kernels 6.14-6.18{{[.0-9]*}}) with init-global
// CHECK-LABEL: xdp_fwd:
// CHECK:        r[[G:[0-9]+]] = __helperguard_zero ll
// CHECK-NEXT:   r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// CHECK:        *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:        call 69
// CHECK-LABEL:  LICENSE:
// One load of the zero in the object, shared by the three initialisations:
// ONEZERO-COUNT-1: = *(u64 *)(r{{[0-9]+}} + {{0x0|0}})
// ONEZERO-NOT:     = *(u64 *)(r{{[0-9]+}} + {{0x0|0}})
// ld_imm64 and the load replace "r = 0" (+2), and each family store adds
// the zero to its constant (+1 at most each).
// COST: added {{[0-4]$}}
