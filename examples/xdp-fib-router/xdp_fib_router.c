// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xdp_fib_router_run: runs xdp_fib_router.bpf.c (through its libbpf skeleton)
 * once with BPF_PROG_TEST_RUN on a crafted IPv4/UDP packet, as if it had
 * arrived on device IFINDEX, and prints what the program did:
 *
 *   xdp_fib_router_run IFINDEX SRC_IP DST_IP [TTL]
 *   RESULT action=XDP_REDIRECT retval=4 fib_rc=0 egress_ifindex=5
 *          dmac=02:00:00:00:02:02 smac=.. ttl=63 csum=ok group_mac_drops=0
 *
 * The FIB lookup happens in the network namespace the runner is in: run it
 * with `ip netns exec NS` so that IFINDEX and the routes are that namespace's.
 * Needs root (CAP_BPF, CAP_NET_ADMIN). SKEL_HEADER picks the skeleton (the
 * guarded build or the unguarded one).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#ifndef SKEL_HEADER
#define SKEL_HEADER "xdp_fib_router.skel.h"
#endif
#include SKEL_HEADER

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

static unsigned short ip_csum(const unsigned char *h, int len)
{
	unsigned long sum = 0;
	int i;

	for (i = 0; i < len; i += 2)
		sum += (h[i] << 8) | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

static const char *action_name(unsigned int a)
{
	static const char *names[] = { "XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT" };
	return a < 5 ? names[a] : "unknown";
}

int main(int argc, char **argv)
{
	unsigned char pkt[64] = {
		/* eth: dst, src (whatever the previous hop wrote), type IPv4 */
		0x02, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x02, 0xbb, 0xbb, 0xbb, 0xbb, 0xbb, 0x08, 0x00,
		/* ipv4: ver/ihl, tos, tot_len=50, id, frag, ttl, proto=udp, csum, saddr, daddr */
		0x45, 0x00, 0x00, 0x32, 0x12, 0x34, 0x00, 0x00, 64, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		/* udp: sport 4242, dport 9, len 30, csum 0 (none) */
		0x10, 0x92, 0x00, 0x09, 0x00, 0x1e, 0x00, 0x00,
		/* payload */
		'h', 'e', 'l', 'p', 'e', 'r', 'g', 'u', 'a', 'r', 'd', 0,
	};
	unsigned char out[sizeof(pkt)];
	struct xdp_md ctx = { 0 };
	struct in_addr src, dst;
	struct xdp_fib_router_bpf *skel;
	unsigned short sum;
	int err, ttl = 64;

	if (argc < 4 || argc > 5 || inet_pton(AF_INET, argv[2], &src) != 1 ||
	    inet_pton(AF_INET, argv[3], &dst) != 1) {
		fprintf(stderr, "usage: %s IFINDEX SRC_IP DST_IP [TTL]\n", argv[0]);
		return 2;
	}
	if (argc == 5)
		ttl = atoi(argv[4]);
	pkt[22] = (unsigned char)ttl;
	memcpy(pkt + 26, &src, 4);
	memcpy(pkt + 30, &dst, 4);
	sum = ip_csum(pkt + 14, 20);
	pkt[24] = sum >> 8;
	pkt[25] = sum & 0xff;

	libbpf_set_print(libbpf_print);
	skel = xdp_fib_router_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "xdp_fib_router_run: loading failed: %s\n", strerror(errno));
		return 1;
	}

	ctx.data_end = sizeof(pkt);
	ctx.ingress_ifindex = atoi(argv[1]);
	LIBBPF_OPTS(bpf_test_run_opts, opts,
		.data_in = pkt, .data_size_in = sizeof(pkt),
		.data_out = out, .data_size_out = sizeof(out),
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.repeat = 1);
	err = bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdp_fib_router), &opts);
	if (err) {
		fprintf(stderr, "xdp_fib_router_run: BPF_PROG_TEST_RUN failed: %s\n", strerror(errno));
		xdp_fib_router_bpf__destroy(skel);
		return 1;
	}
	printf("RESULT action=%s retval=%u fib_rc=%d egress_ifindex=%u "
	       "dmac=%02x:%02x:%02x:%02x:%02x:%02x smac=%02x:%02x:%02x:%02x:%02x:%02x "
	       "ttl=%u csum=%s group_mac_drops=%llu\n",
	       action_name(opts.retval), opts.retval, skel->data->last_fib_rc,
	       skel->bss->last_ifindex,
	       out[0], out[1], out[2], out[3], out[4], out[5],
	       out[6], out[7], out[8], out[9], out[10], out[11],
	       out[22], ip_csum(out + 14, 20) == 0 ? "ok" : "bad",
	       (unsigned long long)skel->bss->group_mac_drops);
	xdp_fib_router_bpf__destroy(skel);
	return 0;
}
