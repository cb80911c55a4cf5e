// bpf_this_cpu_ptr() of a ksym whose type is a struct gives PTR_TO_BTF_ID,
// not read-only memory: neither the pass nor `helperguard check` says
// anything of it (test/lit/check/readonly-portability.test).
typedef unsigned long long __u64;
#define SEC(name) __attribute__((section(name), used))

static long (*bpf_kallsyms_lookup_name)(const char *name, int name_sz,
                                        int flags, __u64 *res) = (void *)179;
static void *(*bpf_this_cpu_ptr)(const void *percpu_ptr) = (void *)154;
struct rq {
  int cpu;
};
extern const struct rq runqueues __attribute__((section(".ksyms")));

char LICENSE[] SEC("license") = "GPL";

SEC("syscall") int prog(void *ctx) {
  __u64 res;
  const char *p = bpf_this_cpu_ptr(&runqueues);
  return bpf_kallsyms_lookup_name(p, sizeof(int), 0, &res) ? 1 : 0;
}
