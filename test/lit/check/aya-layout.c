// "helperguard check" on an object laid out like one that Rust's Aya
// (rustc + bpf-linker) writes: one program per section named after the
// program type ("xdp", "classifier"), maps in a legacy "maps" section, no
// .BTF and no .BTF.ext (no line information), and Rust's mangled names on
// the functions the programs call (a legacy _ZN...17h<hash>E and a v0 _R...
// symbol). Rust cannot be built here (Debian 12's rustc 1.63, no crates
// registry, no bpf-linker): the object is clang's, without -g, with its
// symbols renamed by llvm-objcopy.
//
// RUN: %clang -target bpf -O2 -I%inputs -DPAIR_SNPRINTF_XDP -c -o %t.c.o %s
// RUN: llvm-objcopy --redefine-sym fill=_ZN7xdp_tag4fill17h0123456789abcdefE \
// RUN:   --redefine-sym first_is_a=_RNvCs4fqI2P2rA04_7xdp_tag10first_is_a %t.c.o %t.o
// RUN: llvm-objdump -h -t %t.o | FileCheck %s --check-prefix=LAYOUT
// LAYOUT-NOT: .BTF
// LAYOUT-DAG: {{ }}xdp{{ }}
// LAYOUT-DAG: {{ }}classifier{{ }}
// LAYOUT-DAG: {{ }}maps{{ }}
// LAYOUT-DAG: _ZN7xdp_tag4fill17h0123456789abcdefE
// LAYOUT-DAG: _RNvCs4fqI2P2rA04_7xdp_tag10first_is_a
//
// RUN: %helperguard check --all %t.o > %t.out; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// The hazard is found through the mangled subprograms, located by section
// and offset (there is no line information); the uninitialised buffer of the
// classifier program is not a hazard.
// CHECK:      .text+0x{{[0-9a-f]+}}: hazard: bpf_snprintf in xdp_tag (xdp)
// CHECK:      classifier+0x{{[0-9a-f]+}}: ok: bpf_snprintf in classify (sched_cls)
// CHECK:      2 program(s), 3 helper/kfunc call(s), 1 hazardous on kernels all (no .BTF.ext line info: locations are section+offset)
// CHECK-NEXT: exit=1

#include "pairs.h"

/* A legacy map definition, as aya-bpf's maps::Array writes it. */
struct bpf_map_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};
struct bpf_map_def VERDICTS SEC("maps") = {2 /* array */, 4, 8, 2, 0};

static __noinline long fill(char *buf, int size)
{
	return bpf_snprintf(buf, size, hg_fmt, 0, 0);
}

static __noinline int first_is_a(const char *s)
{
	return s[0] == 'a';
}

/* #[xdp] fn xdp_tag: the zeroed buffer is written by `fill` and read by
 * `first_is_a`, both subprograms with mangled names: the hazard. */
SEC("xdp") int xdp_tag(struct xdp_md *ctx)
{
	char buf[16] = {};
	__u32 key = 0;

	fill(buf, sizeof(buf));
	if (first_is_a(buf))
		key = 1;
	return bpf_map_lookup_elem(&VERDICTS, &key) ? 2 : 1;
}

/* #[classifier] fn classify: the buffer is not initialised, so the verifier
 * knows nothing about it to keep: no hazard. */
SEC("classifier") int classify(struct __sk_buff *skb)
{
	char buf[16];

	bpf_snprintf(buf, sizeof(buf), hg_fmt, 0, 0);
	return buf[0] == 'a' ? 0 : 2;
}
