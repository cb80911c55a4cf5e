// The Clang plugin alone, without the pass plugin (issue 25). It reports what
// the pass finds and analyses nothing itself, so a compilation that generates
// BPF code fails: the plugin's error, exit status exactly 1 (clang's status
// for an error; a crash of the compiler was 139 in cc1, with a stack dump),
// no object. A compilation that generates no BPF code is left alone.
//
// A BPF object, assembly or IR: the error, status 1, nothing written.
// RUN: rm -f %t.o %t.s %t.ll
// RUN: { %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -c -o %t.o %s > %t.obj.out 2>&1; echo "status $?" >> %t.obj.out; }
// RUN: FileCheck %s --check-prefix=BPF --implicit-check-not=PLEASE --implicit-check-not=Stack --implicit-check-not=warning: < %t.obj.out
// RUN: not test -e %t.o
// RUN: { %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -S -o %t.s %s > %t.asm.out 2>&1; echo "status $?" >> %t.asm.out; }
// RUN: FileCheck %s --check-prefix=BPF --implicit-check-not=PLEASE --implicit-check-not=Stack --implicit-check-not=warning: < %t.asm.out
// RUN: not test -e %t.s
// RUN: { %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -S -emit-llvm -o %t.ll %s > %t.ir.out 2>&1; echo "status $?" >> %t.ir.out; }
// RUN: FileCheck %s --check-prefix=BPF --implicit-check-not=PLEASE --implicit-check-not=Stack --implicit-check-not=warning: < %t.ir.out
// RUN: not test -e %t.ll
// BPF: error: helperguard: the pass plugin is not loaded: add -fpass-plugin=<dir>/HelperGuard.so (HelperGuardClang.so reports what the pass finds)
// BPF-NEXT: 1 error generated.
// BPF-NEXT: status 1
//
// A host source, and this source for the host. No message, status
// 0, the object is written.
// RUN: rm -f %t.host.o %t.x86.o
// RUN: { %clang -O2 -fplugin=%clangplugin -c -o %t.host.o %S/Inputs/host.c > %t.host.out 2>&1; echo "status $?" >> %t.host.out; }
// RUN: FileCheck %s --check-prefix=HOST < %t.host.out
// RUN: test -s %t.host.o
// RUN: { %clang -O2 -I%inputs -fplugin=%clangplugin -c -o %t.x86.o %s > %t.x86.out 2>&1; echo "status $?" >> %t.x86.out; }
// RUN: FileCheck %s --check-prefix=HOST < %t.x86.out
// RUN: test -s %t.x86.o
// HOST-NOT: helperguard
// HOST: {{^}}status 0
// HOST-NOT: {{.}}

#include "hg.h"

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return out[0] == 'a';
}
