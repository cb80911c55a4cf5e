// #pragma clang diagnostic (and GCC diagnostic) with push and pop control
// -Whelperguard by position, as for Clang's own groups. Clang's "unknown
// warning group '-Whelperguard'" for these pragmas is filtered out, also
// under -Werror.
//
// Kernels 6.1- (-fplugin-arg-helperguard-kernels): 5.10 lacks bpf_snprintf, and
// that portability warning is tested in portability-separate.c, not here.
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Xclang -verify=expected,plain -c -o %t.o %s
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Werror -Xclang -verify=expected,werror -c -o %t.o %s

#include "hg.h"

#define WRITE_AND_READ(buf)                                                    \
	(bpf_snprintf(buf, sizeof(buf), "ab", 0, 0), buf[0] == 'a')

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char a[16] = {}, b[16] = {}, c[16] = {}, d[16] = {};
	int r = 0;

	// plain-warning@+3 {{bpf_snprintf writes 'a'}}
	// werror-error@+2 {{bpf_snprintf writes 'a'}}
	// expected-note@+1 2 {{}}
	r += WRITE_AND_READ(a);
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Whelperguard"
	r += WRITE_AND_READ(b);
#pragma GCC diagnostic error "-Whelperguard"
	// expected-error@+2 {{bpf_snprintf writes 'c'}}
	// expected-note@+1 2 {{}}
	r += WRITE_AND_READ(c);
#pragma clang diagnostic pop
	// werror-error@+3 {{bpf_snprintf writes 'd'}}
	// plain-warning@+2 {{bpf_snprintf writes 'd'}}
	// expected-note@+1 2 {{}}
	r += WRITE_AND_READ(d);
	return r;
}
// expected-note@18 3 {{is declared and initialised here}}
#pragma clang diagnostic warning "-Wno-such-group" // plain-warning {{unknown warning group '-Wno-such-group'}} werror-error {{unknown warning group}}
