/* The fill rules the checker relies on, measured on a real kernel (see
 * docs/check.md, "Measured on 6.17.13"): four tc programs whose branch owns
 * unique code (a bpf_trace_printk), so a branch the verifier believes dead is
 * removed. Reproduce with
 *   clang-22 -target bpf -O2 -g -I test/lit/Inputs -c test/check/fill-rules.bpf.c -o fills.o
 *   build/bin/helperguard matrix --kernels 6.17.13+deb13 fills.o
 *   build/bin/helperguard check --all fills.o
 */
#include "hg.h"
static const char ab[] = "ab";
static const char as[] = "aaaaaaaaaaaaaaa";
static const char pf[] = "x";

/* control: zeroed, fixed index, branch owns unique code */
SEC("tc") int brace_unique(struct __sk_buff *skb)
{
	char buf[16] = {};
	bpf_snprintf(buf, sizeof(buf), ab, 0, 0);
	if (buf[0] == 'a') {
		bpf_trace_printk(pf, sizeof(pf));
		return 1;
	}
	return 2;
}

/* memset with ' ': fill of byte 1 of a spilled 0x2020.. register */
SEC("tc") int memset_unique(struct __sk_buff *skb)
{
	char buf[16];
	__builtin_memset(buf, ' ', sizeof(buf));
	bpf_snprintf(buf, sizeof(buf), ab, 0, 0);
	if (buf[1] == ' ') {
		bpf_trace_printk(pf, sizeof(pf));
		return 1;
	}
	return 2;
}

/* zeroed, variable index */
SEC("tc") int varidx_unique(struct __sk_buff *skb)
{
	char buf[24] = {};
	__u32 i = *(volatile __u32 *)skb & 15;
	bpf_snprintf(buf, 16, as, 0, 0);
	if (buf[i] == 'a') {
		bpf_trace_printk(pf, sizeof(pf));
		return 1;
	}
	return 2;
}

/* zeroed, fixed index 3 (fill at another offset of a spilled zero) */
SEC("tc") int fixed3_unique(struct __sk_buff *skb)
{
	char buf[16] = {};
	bpf_snprintf(buf, sizeof(buf), as, 0, 0);
	if (buf[3] == 'a') {
		bpf_trace_printk(pf, sizeof(pf));
		return 1;
	}
	return 2;
}
