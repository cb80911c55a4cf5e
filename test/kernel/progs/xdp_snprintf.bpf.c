// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Run-time proof of the helper-prototype miscompile (Linux 6.14-6.18).
 *
 * `out` is zero-initialised, so the verifier knows its bytes are 0.
 * bpf_snprintf's prototype lacks MEM_WRITE on these kernels, so the verifier
 * keeps believing out[0] == 0 after the call, decides the match branch is
 * never taken, and removes it as dead code (privileged load).
 *
 *   correct:      returns 1 (out[0] == 'a')
 *   miscompiled:  returns 2
 *
 * The `matched` counter matters: without code of its own in the match branch,
 * clang 22 emits `w0 = 1; if w1 == 'a' goto exit; w0 = 2; exit`, in which no
 * instruction is dead, and the bug stays invisible at run time (measured on
 * 6.17.13+deb13: retval 1 with the counter removed).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

int matched;

SEC("xdp")
int xdp_snprintf(struct xdp_md *ctx)
{
	char out[16] = {0};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	if (out[0] == 'a') {
		matched++;
		return 1;
	}
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
