// Zero kind: a subprogram is verified as part of every program that calls
// it. Here one subprogram with its own buffer is called from an xdp, a tc
// and a kprobe program: xdp and tc loaders need not hold CAP_PERFMON, so
// the pointer-difference zero (an unknown scalar only with allow_ptr_leaks)
// would be rejected there; the guard must use the .bss zero. A second
// subprogram called only from kprobe and lsm programs gets the cheaper
// pointer-difference zero.
//
// RUN: %bpfcc -Rpass=helperguard -S -o - %s 2>&1 | FileCheck %s

#include "hg.h"

static const char fmt[] = "ab";

static __noinline int check_any(void)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), fmt, 0, 0);
	return buf[0] == 'a';
}

static __noinline int check_traced(void)
{
	char text[16] = {};

	bpf_snprintf(text, sizeof(text), fmt, 0, 0);
	return text[0] == 'a';
}

SEC("xdp") int on_xdp(struct xdp_md *ctx) { return check_any() + 1; }
SEC("tc") int on_tc(struct __sk_buff *skb) { return check_any(); }
SEC("kprobe/do_sys_openat2") int on_kprobe(void *ctx)
{
	return check_any() + check_traced();
}
SEC("lsm/bprm_check_security") int on_lsm(void *ctx) { return check_traced(); }

// CHECK-DAG: remark: guarded: bpf_snprintf writes 'buf' (kprobe, sched_cls, xdp; kernels 6.14-6.18{{[.0-9]*}}) with init-global
// CHECK-DAG: remark: guarded: bpf_snprintf writes 'text' (kprobe, lsm; kernels 6.14-6.18{{[.0-9]*}}) with init-ptrdiff
// CHECK-LABEL: check_any:
// CHECK:       r[[G:[0-9]+]] = __helperguard_zero ll
// CHECK:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// CHECK:       *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:       call 165
// CHECK-LABEL: check_traced:
// CHECK-NOT:   __helperguard_zero
// CHECK:       r[[Z2:[0-9]+]] = r10
// CHECK-NEXT:  r[[Z2]] -= r10
// CHECK:       *(u64 *)(r10 - {{[0-9]+}}) = r[[Z2]]
// CHECK:       call 165
// CHECK-LABEL: LICENSE:
