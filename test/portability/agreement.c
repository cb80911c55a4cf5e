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
typedef unsigned long long __u64;
typedef unsigned int __u32;
#define SEC(name) __attribute__((section(name), used))

enum bpf_func_id { BPF_FUNC_get_current_pid_tgid = 14 };
struct bpf_nf_ctx { void *state; void *skb; };

static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)14;
static long (*bpf_get_current_comm)(void *buf, __u32 size) = (void *)16;
static __u32 (*bpf_get_prandom_u32)(void) = (void *)7;

char LICENSE[] SEC("license") = "GPL";

SEC("xdp") int prog(void *ctx) {
#if defined(VARIANT_PID_XDP_ENUM)
  if (__builtin_preserve_enum_value(*(enum bpf_func_id *)BPF_FUNC_get_current_pid_tgid, 0))
    return bpf_get_current_pid_tgid() & 1 ? 1 : 2;
  return 2;
#elif defined(VARIANT_PID_XDP_TYPE)
  if (__builtin_preserve_type_info(*(struct bpf_nf_ctx *)0, 0))
    return bpf_get_current_pid_tgid() & 1 ? 1 : 2;
  return 2;
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
