/* A stale helper write that decides the verifier's return-value check
 * instead of a branch (docs/check.md, Agreement 2, case 2). The LSM program
 * returns a bit of a byte bpf_snprintf wrote: 0 to a verifier that keeps the
 * zero-initialised bytes (6.14-6.18), 0 or 1 to a fixed one. An LSM program
 * must return 0 or a negative errno, so 6.19.6 rejects the program and
 * 6.17.13 accepts it (and it returns 1). No conditional branch is involved.
 * Built with the plugin, the guard makes every verifier see 0 or 1: rejected
 * everywhere, as it should be. Reproduce with
 *   clang-22 -target bpf -O2 -g -I test/lit/Inputs -c test/check/return-range.bpf.c -o rr.o
 *   build/bin/helperguard matrix --kernels 6.17.13+deb13,6.19.6+deb13 rr.o
 *   build/bin/helperguard check --kernels 6.17.13 --all rr.o
 */
#include "hg.h"
static const char ab[] = "ab";

SEC("lsm/file_open") int stale_return(void *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), ab, 0, 0);
	return buf[0] & 1;
}
