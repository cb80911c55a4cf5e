// "helperguard check" where real programs put helper calls: in bpf_loop and
// bpf_for_each_map_elem callbacks (their own frame, or the caller's stack
// reached through the context pointer the helper hands over), in a
// bpf_find_vma callback (the same, in a kprobe), in a timer
// callback (its own stack, later) and in open-coded iterator loops
// (bpf_iter_num_*, the loop of bpf_for()). Each hazard has a
// miscompile-visible read (a branch on a byte bpf_snprintf wrote into a
// zeroed buffer); each "ok" program is its negative twin.
// test/check/kernel-agreement.py loads every program on 6.17.13 and 6.19.6
// (ctest check-kernel-agreement, --require-agree): each hazard loses its
// branch on 6.17.13 and not on 6.19.6, each "ok" program keeps it.
//
// RUN: %bpfcc-plain -DPAIR_SNPRINTF_XDP -c -o %t.o %s
// RUN: %helperguard check --all %t.o > %t.out; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// The guarded object: no hazard left.
// RUN: %bpfcc -DPAIR_SNPRINTF_XDP -c -o %t.guarded.o %s
// RUN: %helperguard check %t.guarded.o | FileCheck %s --check-prefix=GUARDED
// GUARDED: 0 hazardous
// A kernel with the fix: no hazard.
// RUN: %helperguard check --kernels 6.19.6 %t.o \
// RUN:   | FileCheck %s --check-prefix=FIXED
// FIXED: 0 hazardous on kernels 6.19.6

#include "pairs.h"

static long (* const bpf_for_each_map_elem)(void *map, void *callback_fn, void *callback_ctx, __u64 flags) = (void *) 164;
static long (* const bpf_timer_init)(void *timer, void *map, __u64 flags) = (void *) 169;
static long (* const bpf_timer_set_callback)(void *timer, void *callback_fn) = (void *) 170;
static long (* const bpf_timer_start)(void *timer, __u64 nsecs, __u64 flags) = (void *) 171;
struct task_struct;
struct vm_area_struct;
static struct task_struct *(* const bpf_get_current_task_btf)(void) = (void *) 158;
static long (* const bpf_find_vma)(struct task_struct *task, __u64 addr, void *callback_fn, void *callback_ctx, __u64 flags) = (void *) 180;
static long (* const bpf_loop)(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) = (void *) 181;

struct bpf_iter_num {
	__u64 __opaque[1];
} __attribute__((aligned(8)));
#define __ksym __attribute__((section(".ksyms"), weak))
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

/* A BTF-defined array of one element, as libbpf's __uint() spells it. */
struct {
	int (*type)[2]; /* BPF_MAP_TYPE_ARRAY */
	int (*max_entries)[1];
	__u32 *key;
	__u64 *value;
} hg_array SEC(".maps");

struct bpf_timer {
	__u64 __opaque[2];
} __attribute__((aligned(8)));
struct timer_value {
	struct bpf_timer t;
};
struct {
	int (*type)[2]; /* BPF_MAP_TYPE_ARRAY */
	int (*max_entries)[1];
	__u32 *key;
	struct timer_value *value;
} hg_timers SEC(".maps");

struct loop_ctx {
	char buf[16];
	int hit;
};

/* Stored on the side of a branch the verifier believes dead, so that the
 * side owns code the verifier removes (a select would keep both). */
__u32 hg_seen;
__u64 hg_unknown; /* a map value to the verifier, 0 when run */

/* The callback's own zeroed buffer, read in the callback. */
static long own_cb(__u64 index, void *data)
{
	struct loop_ctx *c = data;
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	if (buf[0] == 'a')
		c->hit = 1;
	return 1;
}

SEC("xdp") int loop_own(struct xdp_md *ctx)
{
	struct loop_ctx c;

	c.hit = 2;
	bpf_loop(1, own_cb, &c, 0);
	return c.hit;
}

/* The caller's zeroed buffer, written in the callback through the context
 * pointer, read by the caller after bpf_loop returns. */
static long ctx_cb(__u64 index, void *data)
{
	struct loop_ctx *c = data;

	bpf_snprintf(c->buf, sizeof(c->buf), hg_fmt, 0, 0);
	return 1;
}

SEC("xdp") int loop_ctx(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	bpf_loop(1, ctx_cb, &c, 0);
	if (c.buf[0] == 'a') {
		hg_seen = 1;
		return 1;
	}
	return 2;
}

/* The caller's zeroed buffer, written through the context pointer and read
 * in the next call of the callback: the verifier walks the callback again
 * with what it believes after the first call. */
static long again_cb(__u64 index, void *data)
{
	struct loop_ctx *c = data;

	if (c->buf[0] == 'a') {
		c->hit = 1;
		return 1;
	}
	bpf_snprintf(c->buf, sizeof(c->buf), hg_fmt, 0, 0);
	return 0;
}

SEC("xdp") int loop_again(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	c.hit = 2;
	bpf_loop(2, again_cb, &c, 0);
	return c.hit;
}

/* Negative twin of loop_own: the buffer is not initialised, the verifier
 * knows none of its bytes (the read comes after the write). */
static long own_uninit_cb(__u64 index, void *data)
{
	struct loop_ctx *c = data;
	char buf[16];

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	if (buf[0] == 'a')
		c->hit = 1;
	return 1;
}

SEC("xdp") int loop_own_uninit(struct xdp_md *ctx)
{
	struct loop_ctx c;

	c.hit = 2;
	bpf_loop(1, own_uninit_cb, &c, 0);
	return c.hit;
}

/* Negative twin of loop_ctx: the caller's buffer is filled from an unknown
 * value, nothing known to keep (its own callback: a call site shared by
 * several programs is reported once for all of them). */
static long ctx_unknown_cb(__u64 index, void *data)
{
	struct loop_ctx *c = data;

	bpf_snprintf(c->buf, sizeof(c->buf), hg_fmt, 0, 0);
	return 1;
}

SEC("xdp") int loop_ctx_unknown(struct xdp_md *ctx)
{
	struct loop_ctx c;

	*(volatile __u64 *)&c.buf[0] = hg_unknown;
	*(volatile __u64 *)&c.buf[8] = hg_unknown;
	bpf_loop(1, ctx_unknown_cb, &c, 0);
	if (c.buf[0] == 'a') {
		hg_seen = 1;
		return 1;
	}
	return 2;
}

/* bpf_for_each_map_elem: the callback's own zeroed buffer. */
static long each_own_cb(void *map, __u32 *key, __u64 *value, void *data)
{
	struct loop_ctx *c = data;
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	if (buf[0] == 'a')
		c->hit = 1;
	return 0;
}

SEC("xdp") int each_own(struct xdp_md *ctx)
{
	struct loop_ctx c;

	c.hit = 2;
	bpf_for_each_map_elem(&hg_array, each_own_cb, &c, 0);
	return c.hit;
}

/* bpf_for_each_map_elem: the caller's zeroed buffer through the context. */
static long each_ctx_cb(void *map, __u32 *key, __u64 *value, void *data)
{
	struct loop_ctx *c = data;

	bpf_snprintf(c->buf, sizeof(c->buf), hg_fmt, 0, 0);
	return 0;
}

SEC("xdp") int each_ctx(struct xdp_md *ctx)
{
	struct loop_ctx c = {};

	bpf_for_each_map_elem(&hg_array, each_ctx_cb, &c, 0);
	if (c.buf[0] == 'a') {
		hg_seen = 1;
		return 1;
	}
	return 2;
}

/* bpf_find_vma (a kprobe: tracing programs may call it): the caller's
 * zeroed buffer through the callback's context (its third parameter). The
 * program is loaded, not run. */
static long vma_cb(struct task_struct *task, struct vm_area_struct *vma,
		   void *data)
{
	struct loop_ctx *c = data;

	bpf_snprintf(c->buf, sizeof(c->buf), hg_fmt, 0, 0);
	return 0;
}

SEC("kprobe/do_sys_openat2") int vma_ctx(void *ctx)
{
	struct loop_ctx c = {};

	bpf_find_vma(bpf_get_current_task_btf(), 0, vma_cb, &c, 0);
	if (c.buf[0] == 'a') {
		hg_seen = 1;
		return 1;
	}
	return 2;
}

/* A timer callback: run later on a stack of its own (an asynchronous
 * callback); its own zeroed buffer. */
static int timer_cb(void *map, __u32 *key, struct timer_value *value)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	if (buf[0] == 'a')
		hg_seen = 1;
	return 0;
}

SEC("xdp") int timer(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct timer_value *v = bpf_map_lookup_elem(&hg_timers, &key);

	if (!v)
		return 2;
	bpf_timer_init(&v->t, &hg_timers, 1); /* CLOCK_MONOTONIC */
	bpf_timer_set_callback(&v->t, timer_cb);
	return 2;
}

/* An open-coded iterator (what bpf_for(i, 0, 2) expands to): a loop in the
 * same function, read at the top of the next iteration. */
SEC("xdp") int iter(struct xdp_md *ctx)
{
	struct bpf_iter_num it;
	char buf[16] = {};
	int ret = 2;

	bpf_iter_num_new(&it, 0, 2);
	while (bpf_iter_num_next(&it)) {
		if (buf[0] == 'a') {
			hg_seen = 1;
			ret = 1;
			break;
		}
		bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	}
	bpf_iter_num_destroy(&it);
	return ret;
}

/* Negative twin of iter: the buffer is filled from an unknown value. */
SEC("xdp") int iter_unknown(struct xdp_md *ctx)
{
	struct bpf_iter_num it;
	char buf[16];
	int ret = 2;

	*(volatile __u64 *)&buf[0] = hg_unknown;
	*(volatile __u64 *)&buf[8] = hg_unknown;
	bpf_iter_num_new(&it, 0, 2);
	while (bpf_iter_num_next(&it)) {
		if (buf[0] == 'a') {
			hg_seen = 1;
			ret = 1;
			break;
		}
		bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	}
	bpf_iter_num_destroy(&it);
	return ret;
}

// Output is in code order: .text (the callbacks) first. On 6.17.13 each
// hazard below loses its branch (test/check/kernel-agreement.py).
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}(.text+0x{{[0-9a-f]+}}): hazard: bpf_snprintf in loop_own (xdp), kernels 6.14-6.18.14
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in loop_ctx (xdp)
// CHECK:       used at {{.*}}(xdp+0x{{[0-9a-f]+}})
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in loop_again (xdp)
// CHECK:       used at {{.*}}(.text+0x{{[0-9a-f]+}})
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: ok: bpf_snprintf in loop_own_uninit (xdp)
// CHECK-NEXT:  no byte the helper writes is known to the verifier before the call
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: ok: bpf_snprintf in loop_ctx_unknown (xdp)
// CHECK-NEXT:  no byte the helper writes is known to the verifier before the call
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in each_own (xdp)
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in each_ctx (xdp)
// CHECK:       used at {{.*}}(xdp+0x{{[0-9a-f]+}})
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in vma_ctx (kprobe)
// CHECK:       used at {{.*}}(kprobe/do_sys_openat2+0x{{[0-9a-f]+}})
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in timer (xdp)
// CHECK:       used at {{.*}}(.text+0x{{[0-9a-f]+}})
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: ok: bpf_loop in loop_own (xdp)
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: hazard: bpf_snprintf in iter (xdp)
// CHECK-LABEL: callbacks.c:[[#]]:{{.*}}: ok: bpf_snprintf in iter_unknown (xdp)
// CHECK-NEXT:  no byte the helper writes is known to the verifier before the call
// CHECK: 11 program(s), 23 helper/kfunc call(s), 8 hazardous on kernels all
// CHECK: exit=1
