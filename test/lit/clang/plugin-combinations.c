// The two plugins in every combination and order a build may give them, on
// every LLVM: each gives a clear result, never a crash. (The Clang plugin
// alone: without-pass-plugin.c; plugins of another LLVM:
// test/robustness/bad-inputs/plugin-other-llvm.test.)
//
// Kernels 6.1- (-fplugin-arg-helperguard-kernels): 5.10 lacks bpf_snprintf, and
// that portability warning is tested in portability-separate.c, not here.
// RUN: rm -rf %t && mkdir -p %t
// The pass plugin alone: the object is guarded, nothing is printed.
// RUN: { %clang -target bpf -O2 -g -I%inputs -fpass-plugin=%plugin -c -o %t/pass.o %s > %t/pass.out 2>&1; echo "status $?" >> %t/pass.out; }
// RUN: FileCheck %s --check-prefix=QUIET < %t/pass.out
// RUN: llvm-objdump -t %t/pass.o | FileCheck %s --check-prefix=GUARD
// QUIET: {{^}}status 0
// QUIET-NOT: {{.}}
// GUARD: __helperguard_zero
//
// Both, the Clang plugin first and last: one warning, the same guarded code.
// RUN: { %clang -target bpf -O2 -g -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%plugin -c -o %t/cp.o %s > %t/cp.out 2>&1; echo "status $?" >> %t/cp.out; }
// RUN: FileCheck %s --check-prefix=ONE < %t/cp.out
// RUN: { %clang -target bpf -O2 -g -I%inputs -fpass-plugin=%plugin -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -c -o %t/pc.o %s > %t/pc.out 2>&1; echo "status $?" >> %t/pc.out; }
// RUN: FileCheck %s --check-prefix=ONE < %t/pc.out
// RUN: %cmp-code %t/pass.o %t/cp.o
// RUN: %cmp-code %t/pass.o %t/pc.o
// ONE: warning: bpf_snprintf writes 'out'
// ONE-NEXT: bpf_snprintf(out
// ONE-NOT: warning: bpf_snprintf
// ONE: 1 warning generated.
// ONE-NEXT: {{^}}status 0
//
// Each plugin twice: loaded once, the call guarded once, one warning, and a
// report of the guard (a second run of the pass would rewrite it to "left
// alone"); in warn mode one warning, not two.
// RUN: { %clang -target bpf -O2 -g -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fplugin=%clangplugin -fpass-plugin=%plugin -c -o %t/cc.o %s > %t/cc.out 2>&1; echo "status $?" >> %t/cc.out; }
// RUN: FileCheck %s --check-prefix=ONE < %t/cc.out
// RUN: %cmp-code %t/pass.o %t/cc.o
// RUN: { %clang -target bpf -O2 -g -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%plugin -fpass-plugin=%plugin -fplugin-arg-helperguard-report=%t/pp.json -c -o %t/pp.o %s > %t/pp.out 2>&1; echo "status $?" >> %t/pp.out; }
// RUN: FileCheck %s --check-prefix=ONE < %t/pp.out
// RUN: FileCheck %s --check-prefix=REPORT < %t/pp.json
// RUN: %cmp-code %t/pass.o %t/pp.o
// RUN: { %clang -target bpf -O2 -g -I%inputs -fpass-plugin=%plugin -fpass-plugin=%plugin -c -o %t/pp2.o %s > %t/pp2.out 2>&1; echo "status $?" >> %t/pp2.out; }
// RUN: FileCheck %s --check-prefix=QUIET < %t/pp2.out
// RUN: %cmp-code %t/pass.o %t/pp2.o
// RUN: { %clang -target bpf -O2 -g -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%plugin -fpass-plugin=%plugin -fplugin-arg-helperguard-mode=warn -c -o %t/warn.o %s > %t/warn.out 2>&1; echo "status $?" >> %t/warn.out; }
// RUN: FileCheck %s --check-prefix=ONE < %t/warn.out
// REPORT: "decision": "guarded"
// REPORT-NOT: "decision"
//
// The plugins swapped: the Clang plugin is no pass plugin. Clang's loader
// says so (22), or, where clang loads pass plugins only at code generation
// (measured on 14, 16 and 19), the Clang plugin finds no pass among them;
// status 1, no object.
// RUN: { %clang -target bpf -O2 -g -I%inputs -fplugin=%clangplugin -fplugin-arg-helperguard-kernels=6.1- -fpass-plugin=%clangplugin -c -o %t/swap.o %s > %t/swap.out 2>&1; echo "status $?" >> %t/swap.out; }
// RUN: FileCheck %s --check-prefix=SWAP --implicit-check-not=PLEASE --implicit-check-not=Stack < %t/swap.out
// RUN: not test -e %t/swap.o
// SWAP: {{error: (unable to load plugin '.*HelperGuardClang.so': .*Plugin entry point not found|helperguard: the pass plugin is not loaded: add -fpass-plugin=)}}
// SWAP: {{^}}status 1

#include "hg.h"

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return out[0] == 'a';
}
