// A fix-it only where the rewrite is safe and equivalent: the helper always
// writes every byte of the buffer and reads none (here by a test database),
// nothing reads the buffer before the call, and the program type implies
// CAP_PERFMON, so the verifier accepts an uninitialised buffer. Then the
// zero initialisation is dead and can go. Elsewhere no fix-it: the note says
// the pass plugin guards the call.
//
// RUN: %hgclang -fplugin-arg-helperguard-db=%S/Inputs/get-stack-writes-all.json \
// RUN:   -fdiagnostics-parseable-fixits -c -o %t.o %s 2>&1 | FileCheck %s
// RUN: %hgclang -fdiagnostics-parseable-fixits -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=NOFIX
// The source as the fix-it rewrites it has no hazard left. (Clang's -fixit
// cannot apply it: it is a parse-only action, and the verdicts come from the
// pass at code generation; editors and clang-apply-replacements-style tools
// read -fdiagnostics-parseable-fixits.)
// RUN: sed 's/stack\[8\] = {};/stack[8];/' %s > %t.c
// RUN: %hgclang -fplugin-arg-helperguard-db=%S/Inputs/get-stack-writes-all.json -c -o %t.o %t.c 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=AFTER

#include "hg.h"

SEC("raw_tp/sys_enter") int prog(void *ctx)
{
	__u64 stack[8] = {};

	bpf_get_stack(ctx, stack, sizeof(stack), 0);
	return stack[0] == 1;
}

// CHECK: fixit.c:[[#@LINE-4]]:{{[0-9]+}}: warning: bpf_get_stack writes 'stack'
// CHECK: fix-it:"{{.*}}fixit.c":{[[#@LINE-7]]:16-[[#@LINE-7]]:21}:""
// CHECK: note: 'stack' is declared and initialised here; bpf_get_stack always overwrites every byte of it before it is read, so the initialisation can go
// NOFIX: warning: bpf_get_stack writes 'stack'
// NOFIX-NOT: fix-it:
// AFTER-NOT: warning: bpf_get_stack
