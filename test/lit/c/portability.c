// Portability diagnostics: a helper call some targeted kernel's verifier
// refuses (the helper does not exist there, the program type is not offered
// it), with the kernel ranges; silent under a CO-RE check that proves
// enough, on kernels outside the selection, and with
// -bpf-helperguard-portability=off. Kernels older than the database's
// oldest measured one (5.10) are never judged. bpf_core_enum_value_exists(
// enum bpf_func_id, ...) proves only that the id exists: 6.1.192 has id 14
// and still refuses the guarded PID_XDP program (helperguard matrix, test/
// kernel/portability), so that guard silences only a missing helper.
// HG-SEMANTICS: not-runnable: every program is under a -D of the RUN lines,
// and what they test is whether a kernel loads them (test/portability).
//
// RUN: %bpfcc -DPID_XDP -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=PID
// PID: warning: {{.*}}portability.c:{{[0-9]+}}:{{[0-9]+}}: helperguard-portability: bpf_get_current_pid_tgid is not offered to xdp programs on 5.10-6.11 (first measured with it: 6.12): the program does not load there (bpf_core_enum_value_exists() does not help here: guard the call with a CO-RE check of a feature those kernels lack (bpf_core_type_exists(), bpf_ksym_exists()), or narrow -bpf-helperguard-kernels)
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-kernels=6.12- -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-portability=off -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-portability=remark -Rpass-analysis=helperguard-portability -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: remark: helperguard-portability: bpf_get_current_pid_tgid is not offered to xdp programs on 5.10-6.11
// REMARK-NOT: warning:
//
// RUN: %bpfcc -DCGRP_KPROBE -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=CGRP
// CGRP: warning: {{.*}}helperguard-portability: bpf_cgrp_storage_get does not exist on 5.10-6.11 (first measured with it: 6.12): the program does not load there (guard the call with bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_cgrp_storage_get), or narrow
// CGRP-NOT: not offered
//
// RUN: %bpfcc -DPID_XDP -DGUARD_ENUM -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=PID
// RUN: %bpfcc -DCGRP_KPROBE -DGUARD_ENUM -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -DGUARD_KSYM -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -DGUARD_TYPE -c -o /dev/null %s 2>&1 | count 0
// A __kconfig extern libbpf fills from the kernel it loads on (here
// LINUX_KERNEL_VERSION; usdt.bpf.h tests LINUX_HAS_BPF_COOKIE before
// bpf_get_attach_cookie): a feature check.
// RUN: %bpfcc -DPID_XDP -DGUARD_KCONFIG -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc-plain -DPID_XDP -DGUARD_KCONFIG -c -o %t.kconfig.o %s
// RUN: %helperguard check %t.kconfig.o | FileCheck %s --check-prefix=KCONFIG
// KCONFIG-NOT: portability:
// KCONFIG: 1 program(s), 1 helper/kfunc call(s), 0 hazardous on kernels all{{$}}
// A CONFIG_* value is configuration, not a feature check: still warned.
// RUN: %bpfcc -DPID_XDP -DGUARD_CONFIG_HZ -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=PID
// RUN: %bpfcc-plain -DPID_XDP -DGUARD_CONFIG_HZ -c -o %t.hz.o %s
// RUN: %helperguard check %t.hz.o | FileCheck %s --check-prefix=HZ
// HZ: portability: bpf_get_current_pid_tgid is not offered to xdp programs on 5.10-6.11

typedef unsigned long long __u64;
typedef unsigned int __u32;
#define SEC(name) __attribute__((section(name), used))

enum bpf_func_id { BPF_FUNC_get_current_pid_tgid = 14, BPF_FUNC_cgrp_storage_get = 210 };
#define bpf_core_enum_value_exists(t, v) __builtin_preserve_enum_value(*(typeof(t) *)v, 0)
#define bpf_core_type_exists(t) __builtin_preserve_type_info(*(typeof(t) *)0, 0)
struct bpf_nf_ctx { void *state; void *skb; }; /* netfilter programs, 6.4 */

static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static void *(*bpf_cgrp_storage_get)(void *map, void *cgroup, void *value, __u64 flags) = (void *)210;
extern int bpf_some_ksym __attribute__((section(".ksyms"), weak));
extern unsigned int LINUX_KERNEL_VERSION __attribute__((section(".kconfig")));
extern unsigned long CONFIG_HZ __attribute__((section(".kconfig")));

char LICENSE[] SEC("license") = "GPL";

#ifdef PID_XDP
SEC("xdp") int prog(void *ctx) {
#if defined(GUARD_ENUM)
  if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_pid_tgid))
#elif defined(GUARD_KSYM)
  if (&bpf_some_ksym)
#elif defined(GUARD_TYPE)
  if (bpf_core_type_exists(struct bpf_nf_ctx))
#elif defined(GUARD_KCONFIG)
  if (LINUX_KERNEL_VERSION >= (6 << 16) + (12 << 8))
#elif defined(GUARD_CONFIG_HZ)
  if (CONFIG_HZ > 100)
#endif
    return bpf_get_current_pid_tgid() & 1;
  return 2;
}
#endif

#ifdef CGRP_KPROBE
SEC("kprobe/do_exit") int prog(void *ctx) {
#ifdef GUARD_ENUM
  if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_cgrp_storage_get))
    return 0;
#endif
  return bpf_cgrp_storage_get((void *)0, (void *)0, (void *)0, 0) != 0;
}
#endif
