// #pragma clang diagnostic (and GCC diagnostic) with push and pop control
// -Whelperguard-portability by position, independently of -Whelperguard.
// Clang's "unknown warning group '-Whelperguard-portability'" for these
// pragmas is filtered out, also under -Werror.
//
// RUN: %hgclang -Xclang -verify=expected,plain -c -o %t.o %s
// RUN: %hgclang -Werror -Xclang -verify=expected,werror -c -o %t.o %s

#include "hg.h"

static unsigned long long (*bpf_get_current_pid_tgid)(void) = (void *)14;

SEC("xdp") int prog(struct xdp_md *ctx)
{
	unsigned long long r = 0;

	// plain-warning@+2 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	// werror-error@+1 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	r += bpf_get_current_pid_tgid();
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Whelperguard-portability"
	r += bpf_get_current_pid_tgid();
#pragma GCC diagnostic error "-Whelperguard-portability"
	// expected-error@+1 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	r += bpf_get_current_pid_tgid();
#pragma clang diagnostic pop
	// The miscompile group's pragmas leave portability alone.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Whelperguard"
	// plain-warning@+2 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	// werror-error@+1 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	r += bpf_get_current_pid_tgid();
#pragma clang diagnostic error "-Whelperguard"
	// plain-warning@+2 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	// werror-error@+1 {{bpf_get_current_pid_tgid is not offered to xdp programs}}
	r += bpf_get_current_pid_tgid();
#pragma clang diagnostic pop
	return r & 1;
}
