// Programs for the portability kernel agreement (test/portability/agree):
// each calls a helper that some default kernel does not offer to its
// program type, guarded or not. Built once per variant: -DVARIANT_<NAME>.
//
//   PID_XDP        bpf_get_current_pid_tgid in xdp (offered from 6.12 on)
//   PID_XDP_ENUM   the same under bpf_core_enum_value_exists(enum
//                  bpf_func_id, ...): id 14 exists on 6.1, the call stays
//   PID_XDP_TYPE   the same under bpf_core_type_exists(struct bpf_nf_ctx)
//                  (6.4): false on 6.1, where the verifier skips the call
//   COMM_XDP       bpf_get_current_comm in xdp (first measured: 6.16.3)
//   PRANDOM_XDP    bpf_get_prandom_u32 in xdp: offered everywhere
//   COARSE_XDP     bpf_ktime_get_coarse_ns in xdp (id 160, 5.11: 5.10 has
//                  no such id; first measured: 6.1)
//   COARSE_XDP_ENUM  the same under bpf_core_enum_value_exists(enum
//                  bpf_func_id, ...): on 5.10 the id is missing, the guard
//                  is false and the verifier skips the call
//   COARSE_XDP_KCONFIG  the same under a test of libbpf's __kconfig extern
//                  LINUX_KERNEL_VERSION (>= 5.11): libbpf fills the
//                  read-only .kconfig map, the verifier skips the call on 5.10
//   SKBOUT_RAWTP   bpf_skb_output in raw_tracepoint: bcc's table lists it;
//                  no measured kernel offers it (tracing, lsm only)
//   DPATH_LSM      the kfunc bpf_path_d_path in lsm/file_open (the probe's
//                  program type and hook): measured absent on 5.10.262 and
//                  6.1.192, where libbpf cannot resolve the __ksym extern
//   DPATH_LSM_KSYM the same, weak, under bpf_ksym_exists(): libbpf sets the
//                  unresolved address to 0 and the verifier skips the call
//   SYNCOOKIE_SLICE  bpf_tcp_raw_gen_syncookie_ipv4 in xdp on headers that
//                  bpf_dynptr_slice() returns (read-only memory): refused
//                  where its arguments lack MEM_RDONLY (before 7.0, stable
//                  6.18.14 and 6.19.4)
//   SYNCOOKIE_RODATA the same on a .rodata copy of the headers: read, a
//                  read-only map value loads wherever the helper exists
//   SNPRINTF_RODATA  bpf_snprintf in xdp writing into a .rodata array:
//                  refused where the prototype declares the write
//                  (MEM_WRITE: 6.18.14 and later), loads where it does not
//   KALLSYMS_PERCPU  bpf_kallsyms_lookup_name in a syscall program on
//                  bpf_this_cpu_ptr() of an int ksym (read-only memory)
//   PULL_SEG6LOCAL bpf_skb_pull_data in lwt_seg6local: offered on 5.10 and
//                  on 6.16.3-7.0.13 (availability probe), refused on 6.1,
//                  6.12 and 7.2 on ("bpf: Disallow bpf_skb_pull_data() for
//                  LWT_SEG6LOCAL", in 6.12.112 and the 6.1 and 7.2 trees)
typedef unsigned long long __u64;
typedef unsigned int __u32;
typedef long long __s64;
#define SEC(name) __attribute__((section(name), used))

enum bpf_func_id {
  BPF_FUNC_get_current_pid_tgid = 14,
  BPF_FUNC_ktime_get_coarse_ns = 160,
};
struct bpf_nf_ctx { void *state; void *skb; };

static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static long (*bpf_get_current_comm)(void *buf, __u32 size) = (void *)16;
static __u32 (*bpf_get_prandom_u32)(void) = (void *)7;
static __u64 (*bpf_ktime_get_coarse_ns)(void) = (void *)160;
static long (*bpf_skb_output)(void *ctx, void *map, __u64 flags, void *data,
                              __u64 size) = (void *)111;
static long (*bpf_skb_pull_data)(void *skb, __u32 len) = (void *)39;

char LICENSE[] SEC("license") = "GPL";
extern unsigned int LINUX_KERNEL_VERSION __attribute__((section(".kconfig")));

#if defined(VARIANT_DPATH_LSM) || defined(VARIANT_DPATH_LSM_KSYM)
struct path {
  void *mnt;
} __attribute__((preserve_access_index));
struct file {
  struct path f_path;
} __attribute__((preserve_access_index));
extern int bpf_path_d_path(struct path *path, char *buf, unsigned long buf__sz)
    __attribute__((section(".ksyms")))
#ifdef VARIANT_DPATH_LSM_KSYM
    __attribute__((weak))
#endif
    ;

SEC("lsm/file_open") int prog(__u64 *ctx) {
  struct file *f = (struct file *)ctx[0];
  char buf[64];
#ifdef VARIANT_DPATH_LSM_KSYM
  if (!bpf_path_d_path)
    return 0;
#endif
  if (bpf_path_d_path(&f->f_path, buf, sizeof(buf)) < 0)
    return 0;
  return 0;
}
#elif defined(VARIANT_PULL_SEG6LOCAL)
SEC("lwt_seg6local") int prog(void *skb) {
  return bpf_skb_pull_data(skb, 0) ? 2 : 0;
}
#elif defined(VARIANT_SKBOUT_RAWTP)
SEC("raw_tp/sys_enter") int prog(void *ctx) {
  __u64 v = 0;
  return bpf_skb_output(ctx, (void *)0, 0, &v, sizeof(v)) ? 1 : 0;
}
#elif defined(VARIANT_SYNCOOKIE_SLICE) || defined(VARIANT_SYNCOOKIE_RODATA)
static __s64 (*bpf_tcp_raw_gen_syncookie_ipv4)(void *iph, void *th,
                                               __u32 th_len) = (void *)204;
#ifdef VARIANT_SYNCOOKIE_SLICE
// Defined, not declared: libbpf finds a forward declaration incompatible
// with the kernel's struct in the kfunc's prototype.
struct xdp_md {
  __u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index;
};
struct bpf_dynptr {
  __u64 opaque[2];
} __attribute__((aligned(8)));
extern int bpf_dynptr_from_xdp(struct xdp_md *x, __u64 flags,
                               struct bpf_dynptr *ptr__uninit)
    __attribute__((section(".ksyms")));
extern void *bpf_dynptr_slice(const struct bpf_dynptr *p, __u32 offset,
                              void *buffer__opt, __u32 buffer__szk)
    __attribute__((section(".ksyms")));

SEC("xdp") int prog(struct xdp_md *ctx) {
  struct bpf_dynptr ptr;
  char ibuf[20], tbuf[20];
  if (bpf_dynptr_from_xdp(ctx, 0, &ptr))
    return 2;
  void *iph = bpf_dynptr_slice(&ptr, 14, ibuf, sizeof(ibuf));
  if (!iph)
    return 2;
  void *th = bpf_dynptr_slice(&ptr, 34, tbuf, sizeof(tbuf));
  if (!th)
    return 2;
  return bpf_tcp_raw_gen_syncookie_ipv4(iph, th, 20) > 0 ? 3 : 2;
}
#else
static const char headers[40] = {0x45};

SEC("xdp") int prog(void *ctx) {
  return bpf_tcp_raw_gen_syncookie_ipv4((void *)headers, (void *)(headers + 20),
                                        20) > 0 ? 3 : 2;
}
#endif
#elif defined(VARIANT_SNPRINTF_RODATA)
static long (*bpf_snprintf)(char *str, __u32 str_size, const char *fmt,
                            __u64 *data, __u32 data_len) = (void *)165;
static const char out[16] = "unchanged";

SEC("xdp") int prog(void *ctx) {
  return bpf_snprintf((char *)out, sizeof(out), "ab", 0, 0) > 0 ? 1 : 2;
}
#elif defined(VARIANT_KALLSYMS_PERCPU)
static long (*bpf_kallsyms_lookup_name)(const char *name, int name_sz,
                                        int flags, __u64 *res) = (void *)179;
static void *(*bpf_this_cpu_ptr)(const void *percpu_ptr) = (void *)154;
extern const int bpf_prog_active __attribute__((section(".ksyms")));

SEC("syscall") int prog(void *ctx) {
  __u64 res;
  const char *p = bpf_this_cpu_ptr(&bpf_prog_active);
  return bpf_kallsyms_lookup_name(p, sizeof(int), 0, &res) ? 1 : 0;
}
#else
SEC("xdp") int prog(void *ctx) {
#if defined(VARIANT_PID_XDP_ENUM)
  if (__builtin_preserve_enum_value(*(enum bpf_func_id *)BPF_FUNC_get_current_pid_tgid, 0))
    return bpf_get_current_pid_tgid() & 1 ? 1 : 2;
  return 2;
#elif defined(VARIANT_PID_XDP_TYPE)
  if (__builtin_preserve_type_info(*(struct bpf_nf_ctx *)0, 0))
    return bpf_get_current_pid_tgid() & 1 ? 1 : 2;
  return 2;
#elif defined(VARIANT_COARSE_XDP_ENUM)
  if (__builtin_preserve_enum_value(*(enum bpf_func_id *)BPF_FUNC_ktime_get_coarse_ns, 0))
    return bpf_ktime_get_coarse_ns() & 1 ? 1 : 2;
  return 2;
#elif defined(VARIANT_COARSE_XDP_KCONFIG)
  if (LINUX_KERNEL_VERSION >= (5 << 16) + (11 << 8))
    return bpf_ktime_get_coarse_ns() & 1 ? 1 : 2;
  return 2;
#elif defined(VARIANT_COARSE_XDP)
  return bpf_ktime_get_coarse_ns() & 1 ? 1 : 2;
#elif defined(VARIANT_PID_XDP)
  return bpf_get_current_pid_tgid() & 1 ? 1 : 2;
#elif defined(VARIANT_COMM_XDP)
  char comm[16];
  bpf_get_current_comm(comm, sizeof(comm));
  return comm[0] ? 1 : 2;
#else
  return bpf_get_prandom_u32() & 1 ? 1 : 2;
#endif
}
#endif
