/* The helper/program-type pairs the lit suite's C tests run on, after
 * FACTS.md: each pair was seen miscompiled by the verifier of 6.14-6.18
 * kernels. A test includes this header after compiling with -DPAIR_<name>
 * and writes its program as
 *
 *     SEC(PROG_SEC) int prog(CTX *ctx) { ... WRITE(ctx, buf, size); ... }
 *
 * WRITE(ctx, buf, size) calls the pair's helper so that it writes `size`
 * bytes at `buf` (a stack buffer of at least BUF_SIZE bytes). The expected
 * remark and opaque zero of each pair are in c/lit.local.cfg.
 *
 *   pair                 helper                   program type     zero
 *   SNPRINTF_XDP         bpf_snprintf             xdp              global
 *   SNPRINTF_TC          bpf_snprintf             tc (sched_cls)   global
 *   SNPRINTF_KPROBE      bpf_snprintf             kprobe           ptrdiff
 *   FIB_XDP              bpf_fib_lookup           xdp              global
 *   FIB_TC               bpf_fib_lookup           tc (sched_cls)   global
 *   GET_STACK_RAWTP      bpf_get_stack            raw_tp           ptrdiff
 *   SNPRINTF_BTF_KPROBE  bpf_snprintf_btf         kprobe           ptrdiff
 *   BRANCH_PERF          bpf_read_branch_records  perf_event       ptrdiff
 *   D_PATH_LSM           bpf_d_path               lsm              ptrdiff
 *   D_PATH_FENTRY        bpf_d_path               fentry (tracing) ptrdiff
 */
#ifndef HG_PAIRS_H
#define HG_PAIRS_H

#include "hg.h"

/* Big enough for every helper: struct bpf_fib_lookup is 64 bytes. */
#define BUF_SIZE 64

static const char hg_fmt[] = "ab";

#if defined(PAIR_SNPRINTF_XDP)
#define PROG_SEC "xdp"
#define CTX struct xdp_md
#define WRITE(ctx, buf, size) bpf_snprintf((char *)(buf), (size), hg_fmt, 0, 0)

#elif defined(PAIR_SNPRINTF_TC)
#define PROG_SEC "tc"
#define CTX struct __sk_buff
#define WRITE(ctx, buf, size) bpf_snprintf((char *)(buf), (size), hg_fmt, 0, 0)

#elif defined(PAIR_SNPRINTF_KPROBE)
#define PROG_SEC "kprobe/do_sys_openat2"
#define CTX void
#define WRITE(ctx, buf, size) bpf_snprintf((char *)(buf), (size), hg_fmt, 0, 0)

#elif defined(PAIR_FIB_XDP)
#define PROG_SEC "xdp"
#define CTX struct xdp_md
#define WRITE(ctx, buf, size)                                                  \
	bpf_fib_lookup((ctx), (struct bpf_fib_lookup *)(buf), (size), 0)

#elif defined(PAIR_FIB_TC)
#define PROG_SEC "tc"
#define CTX struct __sk_buff
#define WRITE(ctx, buf, size)                                                  \
	bpf_fib_lookup((ctx), (struct bpf_fib_lookup *)(buf), (size), 0)

#elif defined(PAIR_GET_STACK_RAWTP)
#define PROG_SEC "raw_tp/sys_enter"
#define CTX void
#define WRITE(ctx, buf, size) bpf_get_stack((ctx), (buf), (size), 0)

#elif defined(PAIR_SNPRINTF_BTF_KPROBE)
#define PROG_SEC "kprobe/do_sys_openat2"
#define CTX void
#define WRITE(ctx, buf, size)                                                  \
	({                                                                     \
		struct btf_ptr hg_p = { .ptr = (ctx), .type_id = 1 };          \
		bpf_snprintf_btf((char *)(buf), (size), &hg_p, sizeof(hg_p), 0); \
	})

#elif defined(PAIR_BRANCH_PERF)
#define PROG_SEC "perf_event"
#define CTX void
#define WRITE(ctx, buf, size) bpf_read_branch_records((ctx), (buf), (size), 0)

#elif defined(PAIR_D_PATH_LSM)
/* A sleepable hook whose first argument is a path: the verifier allows
 * bpf_d_path there, so the programs load (test/oracle). */
#define PROG_SEC "lsm.s/inode_getattr"
#define CTX __u64
#define WRITE(ctx, buf, size)                                                  \
	bpf_d_path((struct path *)(ctx)[0], (char *)(buf), (size))

#elif defined(PAIR_D_PATH_FENTRY)
/* On bpf_d_path's allow list, and its first argument is a path. */
#define PROG_SEC "fentry/security_inode_getattr"
#define CTX __u64
#define WRITE(ctx, buf, size)                                                  \
	bpf_d_path((struct path *)(ctx)[0], (char *)(buf), (size))

#else
#error "compile with -DPAIR_<name>: see the table at the top of pairs.h"
#endif

#endif
