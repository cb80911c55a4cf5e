/* Helper declarations for the lit suite, in libbpf's style
 * (bpf_helper_defs.h): each helper is a constant pointer whose value is the
 * helper id. Kept small and self-contained so the suite needs no kernel
 * headers. */
#ifndef HG_TEST_H
#define HG_TEST_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef int __s32;
typedef long long __s64;

#define SEC(name) __attribute__((section(name), used))
#define __noinline __attribute__((noinline))

struct path;
struct bpf_fib_lookup {
	__u8 family, l4_protocol;
	__u16 sport, dport, tot_len;
	__u32 ifindex;
	__u32 rt_metric;
	__u32 ipv6_src[4];
	__u32 ipv6_dst[4];
	__u16 h_vlan_proto, h_vlan_TCI;
	__u8 smac[6];
	__u8 dmac[6];
};
struct btf_ptr {
	void *ptr;
	__u32 type_id;
	__u32 flags;
};
struct xdp_md {
	__u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index,
		egress_ifindex;
};
struct __sk_buff {
	__u32 len, pkt_type, mark, queue_mapping, protocol, vlan_present,
		vlan_tci, vlan_proto, priority, ingress_ifindex, ifindex;
};

static long (* const bpf_probe_read)(void *dst, __u32 size, const void *src) = (void *) 4;
static long (* const bpf_get_current_comm)(void *buf, __u32 size) = (void *) 16;
static long (* const bpf_get_stack)(void *ctx, void *buf, __u32 size, __u64 flags) = (void *) 67;
static long (* const bpf_fib_lookup)(void *ctx, struct bpf_fib_lookup *params, int plen, __u32 flags) = (void *) 69;
static long (* const bpf_probe_read_kernel)(void *dst, __u32 size, const void *src) = (void *) 113;
static long (* const bpf_read_branch_records)(void *ctx, void *buf, __u32 size, __u64 flags) = (void *) 119;
static long (* const bpf_d_path)(struct path *path, char *buf, __u32 sz) = (void *) 147;
static long (* const bpf_snprintf_btf)(char *str, __u32 str_size, struct btf_ptr *ptr, __u32 btf_ptr_size, __u64 flags) = (void *) 149;
static long (* const bpf_snprintf)(char *str, __u32 str_size, const char *fmt, __u64 *data, __u32 data_len) = (void *) 165;
static void *(* const bpf_map_lookup_elem)(void *map, const void *key) = (void *) 1;
static long (* const bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *) 6;

char LICENSE[] SEC("license") = "GPL";

#endif
