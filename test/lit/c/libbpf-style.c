// Shape: the helper declared as libbpf 1.1's bpf_helper_defs.h does, a
// non-const static function pointer initialised with the helper id (not
// Inputs/hg.h's const pointer). At -O0 every call loads the pointer from
// the global and calls through it (callx); from -O1 on, clang folds it to
// "call 165". The guard must recognise the helper either way.
//
// RUN: %bpfcc -O0 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %bpfcc -O1 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,OPT
// RUN: %bpfcc -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,OPT
// RUN: %bpfcc -O3 -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,OPT
//
// A kprobe with the same declaration gets the pointer-difference zero.
// RUN: %bpfcc -O0 -DKPROBE -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=KPROBE,KPROBE-O0
// RUN: %bpfcc -DKPROBE -Rpass=helperguard -S -o - %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=KPROBE,KPROBE-OPT

typedef unsigned int __u32;
typedef unsigned long long __u64;

#define SEC(name) __attribute__((section(name), used))

struct xdp_md {
	__u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index,
		egress_ifindex;
};

/* As in libbpf 1.1's bpf_helper_defs.h. */
static long (*bpf_snprintf)(char *str, __u32 str_size, const char *fmt, __u64 *data, __u32 data_len) = (void *) 165;

char LICENSE[] SEC("license") = "GPL";

#ifdef KPROBE
SEC("kprobe/do_sys_openat2") int prog(void *ctx)
#else
SEC("xdp") int prog(struct xdp_md *ctx)
#endif
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	if (out[0] == 'a')
		return 1;
	return 2;
}

// CHECK: remark: guarded: bpf_snprintf writes 'out' (xdp; kernels 6.14-6.18{{[.0-9]*}}) with init-global
// CHECK-LABEL: prog:
// CHECK:       r[[G:[0-9]+]] = __helperguard_zero ll
// CHECK:       r[[Z:[0-9]+]] = *(u64 *)(r[[G]] + 0)
// CHECK:       *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// CHECK:       *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// O0:          r{{[0-9]+}} = bpf_snprintf ll
// O0:          callx r{{[0-9]+}}
// OPT:         call 165
// CHECK:       [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// CHECK:       if [[RW]][[V]] {{[!=]=}} 97 goto
// CHECK-LABEL: LICENSE:

// KPROBE: remark: guarded: bpf_snprintf writes 'out' (kprobe; kernels 6.14-6.18{{[.0-9]*}}) with init-ptrdiff
// KPROBE-LABEL: prog:
// KPROBE:       r[[Z:[0-9]+]] = r10
// KPROBE-NEXT:  r[[Z]] -= r10
// KPROBE:       *(u64 *)(r10 - {{[0-9]+}}) = r[[Z]]
// KPROBE-O0:    callx r{{[0-9]+}}
// KPROBE-OPT:   call 165
// KPROBE:       [[RW:[rw]]][[V:[0-9]+]] = *(u8 *)(r10 - {{[0-9]+}})
// KPROBE:       if [[RW]][[V]] {{[!=]=}} 97 goto
// KPROBE-LABEL: LICENSE:
