// Helpers are recognised by id, as the pass does, not by name: a renamed
// libbpf-style declaration, an id from an enum, a direct cast of the id, a
// macro and a static inline wrapper all warn. A function that merely has a
// helper's name does not.
//
// Kernels 6.1- (-fplugin-arg-helperguard-kernels): 5.10 lacks bpf_snprintf, and
// that portability warning is tested in portability-separate.c, not here.
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Xclang -verify -c -o %t.o %s
// No debug information: Clang tracks locations for the plugin anyway, and
// the object is the same as without the plugins when nothing is guarded.
// RUN: %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%plugin -DNO_HAZARD -c -o %t.both.o %s
// RUN: %clang -target bpf -O2 -I%inputs -DNO_HAZARD -c -o %t.plain.o %s
// RUN: %cmp-code %t.both.o %t.plain.o
// clang 14 to 16 copy their code-generation options before a plugin can ask
// for location tracking: there the warnings carry a location only with -g
// (docs/clang-plugin.md).
// RUN: %clang -target bpf -O2 %if clang-copies-codegen-options %{-g%} -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%plugin -Xclang -verify -c -o %t.o %s

#include "hg.h"

enum { FUNC_snprintf = 165 };
static long (* const format_into)(char *, __u32, const char *, __u64 *, __u32) = (void *) FUNC_snprintf;
#define my_snprintf(b, n) format_into((b), (n), "ab", 0, 0)
static inline __attribute__((always_inline)) long wrap(char *b, __u32 n)
{
	return ((long (*)(char *, __u32, const char *, __u64 *, __u32))165)(b, n, "ab", 0, 0); // expected-warning {{bpf_snprintf writes}}
}
long d_path_lookalike(void *a, char *b, __u32 n); // not a helper: a plain function

#ifndef NO_HAZARD
// The notes are checked elsewhere (verify-shapes.c).
// expected-note@* 0+ {{}}
SEC("xdp") int prog(struct xdp_md *ctx)
{
	char r[16] = {}, m[16] = {}, w[16] = {}, f[16] = {};

	format_into(r, sizeof(r), "ab", 0, 0); // expected-warning {{bpf_snprintf writes 'r'}}
	my_snprintf(m, sizeof(m));              // expected-warning {{bpf_snprintf writes 'm'}}
	wrap(w, sizeof(w));
	d_path_lookalike(0, f, sizeof(f));
	return r[0] + m[0] + w[0] + f[0];
}
#else
SEC("xdp") int prog(struct xdp_md *ctx)
{
	char r[16];

	format_into(r, sizeof(r), "ab", 0, 0);
	return r[0];
}
#endif
