// A kernel named by `uname -r` through the Clang plugin's argument
// (docs/fleet.md): a vendor build nobody measured is guarded as every kernel,
// and the pass says why once; a measured build (a probe's JSON given with
// db=) decides from its results.
//
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.12.0-99.el10.x86_64 -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VENDOR
// VENDOR: warning: helperguard: kernel '6.12.0-99.el10.x86_64' is a build the helper database has no measurement of
// VENDOR: warning: bpf_snprintf writes 'out', but on kernels 6.14-{{.*}} the verifier keeps believing the old contents
//
// RUN: python3 %inputs/probe-to-release.py %srcroot/helper-db/extracted/probe-6.19.6+deb13.json 6.12.0-55.el10.x86_64 > %t.fixed.json
// RUN: %hgclang -fplugin-arg-helperguard-db=%t.fixed.json -fplugin-arg-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -c -o %t.o %s 2>&1 | FileCheck %s --allow-empty --check-prefix=FIXED
// FIXED-NOT: warning

#include "hg.h"

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return out[0] == 'a';
}
