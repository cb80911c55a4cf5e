// Portability diagnostics: a helper call some targeted kernel's verifier
// refuses (the helper does not exist there, the program type is not offered
// it, read-only memory where the prototype lacks MEM_RDONLY), with the
// kernel ranges; silent under a CO-RE existence check, on kernels outside
// the selection, and with -bpf-helperguard-portability=off. Kernels older
// than the database's oldest measured one (6.1) are never judged.
//
// RUN: %bpfcc -DPID_XDP -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=PID
// PID: warning: {{.*}}portability.c:{{[0-9]+}}:{{[0-9]+}}: helperguard-portability: bpf_get_current_pid_tgid is not offered to xdp programs on 6.1-6.11 (first measured with it: 6.12): the verifier refuses the program there (guard the call with bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_pid_tgid) or narrow -bpf-helperguard-kernels)
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-kernels=6.12- -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-portability=off -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -mllvm -bpf-helperguard-portability=remark -Rpass-analysis=helperguard-portability -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: remark: helperguard-portability: bpf_get_current_pid_tgid is not offered to xdp programs on 6.1-6.11
// REMARK-NOT: warning:
//
// RUN: %bpfcc -DCGRP_KPROBE -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=CGRP
// CGRP: warning: {{.*}}helperguard-portability: bpf_cgrp_storage_get does not exist on 6.1-6.11 (first measured with it: 6.12)
// CGRP-NOT: not offered
//
// RUN: %bpfcc -DPID_XDP -DGUARD_ENUM -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DCGRP_KPROBE -DGUARD_ENUM -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPID_XDP -DGUARD_KSYM -c -o /dev/null %s 2>&1 | count 0
//
// RUN: %bpfcc -DRODATA -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=RODATA
// RODATA: warning: {{.*}}helperguard-portability: bpf_kallsyms_lookup_name arg1 is read-only memory (.rodata), which the prototype refuses without MEM_RDONLY on 6.14-6.18.{{[0-9]+}}
// RUN: %bpfcc -DRODATA -mllvm -bpf-helperguard-kernels=6.1,6.19- -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DRODATA -DSTACK_NAME -c -o /dev/null %s 2>&1 | count 0

typedef unsigned long long __u64;
typedef unsigned int __u32;
#define SEC(name) __attribute__((section(name), used))

enum bpf_func_id { BPF_FUNC_get_current_pid_tgid = 14, BPF_FUNC_cgrp_storage_get = 210 };
#define bpf_core_enum_value_exists(t, v) __builtin_preserve_enum_value(*(typeof(t) *)v, 0)

static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static void *(*bpf_cgrp_storage_get)(void *map, void *cgroup, void *value, __u64 flags) = (void *)210;
static long (*bpf_kallsyms_lookup_name)(const char *name, int name_sz, int flags, __u64 *res) = (void *)179;
extern int bpf_some_ksym __attribute__((section(".ksyms"), weak));

char LICENSE[] SEC("license") = "GPL";

#ifdef PID_XDP
SEC("xdp") int prog(void *ctx) {
#if defined(GUARD_ENUM)
  if (bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_current_pid_tgid))
#elif defined(GUARD_KSYM)
  if (&bpf_some_ksym)
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

#ifdef RODATA
SEC("syscall") int prog(void *ctx) {
  __u64 addr = 0;
#ifdef STACK_NAME
  char name[] = "init_task";
#else
  static const char name[] = "init_task";
#endif
  bpf_kallsyms_lookup_name(name, sizeof(name), 0, &addr);
  return addr != 0;
}
#endif
