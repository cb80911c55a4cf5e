// The plugin's arguments are validated before parsing and reach the pass
// without -mllvm. Bad values are clean Clang errors that name the argument.
//
// RUN: not %hgclang -fplugin-arg-helperguard-kernels=6.x -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=BADK
// BADK: error: helperguard: -fplugin-arg-helperguard-kernels=6.x: bad kernel
// BADK-NOT: Whelperguard]
// RUN: not %hgclang -fplugin-arg-helperguard-db=%t.missing.json -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=BADDB
// BADDB: error: helperguard: -fplugin-arg-helperguard-db={{.*}}missing.json: {{.*}}missing.json: cannot read
// RUN: printf '{ "helpers": [ }' > %t.bad.json
// RUN: not %hgclang -fplugin-arg-helperguard-db=%t.bad.json -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=BADJSON
// BADJSON: error: helperguard: -fplugin-arg-helperguard-db={{.*}}bad.json: {{.*}}bad.json:1:
// RUN: not %hgclang -fplugin-arg-helperguard-mode=loud -fplugin-arg-helperguard-colour=red -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BADARGS
// BADARGS-DAG: error: helperguard: -fplugin-arg-helperguard-mode=loud: unknown mode 'loud' (expected fix, warn or off)
// BADARGS-DAG: error: helperguard: -fplugin-arg-helperguard-colour=red: unknown argument 'colour'
// The pass plugin is needed: the Clang plugin only reports what it finds.
// RUN: not %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=NOPASS
// NOPASS: error: helperguard: the pass plugin is not loaded: add -fpass-plugin=
// ...but not for a compilation that generates no code.
// RUN: %clang -target bpf -O2 -I%inputs -fplugin=%clangplugin -fsyntax-only %s
//
// Kernels reach the pass: 6.19 and later are fixed, so nothing to warn about.
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.19- -fplugin-arg-helperguard-report=%t.json -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=NONE
// RUN: FileCheck %s --check-prefix=REPORT < %t.json
// NONE-NOT: warning
// REPORT: "kernels": "6.19-"
// REPORT: "decision": "left alone"
// Mode reaches the pass: warn changes nothing (no guard in the object), and
// the pass prints no warning of its own beside the Clang plugin's. Kernels
// 6.1-: 5.10 lacks bpf_snprintf (5.13), a portability warning of its own
// since the 5.10 data.
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -fplugin-arg-helperguard-mode=warn -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: llvm-objdump -t %t.o | FileCheck %s --check-prefix=NOGUARD
// WARN: plugin-args.c:[[#@LINE+13]]:2: warning: bpf_snprintf writes 'out'
// WARN: note: nothing was changed (-fplugin-arg-helperguard-mode=warn)
// WARN-NOT: warning:
// NOGUARD-NOT: __helperguard_zero
// Off: nothing at all.
// RUN: %hgclang -fplugin-arg-helperguard-mode=off -c -o %t.o %s 2>&1 | FileCheck %s --allow-empty --check-prefix=NONE

#include "hg.h"

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return out[0] == 'a';
}
