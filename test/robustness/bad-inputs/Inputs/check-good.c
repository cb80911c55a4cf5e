/* A small BPF object with one hazard (bpf_snprintf into a zeroed buffer,
 * read back and branched on) and a call into a subprogram, so that it has
 * relocations of its code: the good object bad_objects.py breaks. */
#include "hg.h"

static const char fmt[] = "ab";

static __attribute__((noinline)) int first(const char *s)
{
	return s[0] == 'a';
}

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char buf[16] = {};

	bpf_snprintf(buf, sizeof(buf), fmt, 0, 0);
	return first(buf) ? 1 : 2;
}
