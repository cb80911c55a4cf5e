// The warning group: -Werror=helperguard fails the build (and writes no
// object), -Wno-helperguard and -w silence it, -Werror makes it an error and
// -Wno-error=helperguard takes it back. Clang itself, which does not know
// the group, also says "unknown warning option" for the command-line
// spellings (see README); -Wno-unknown-warning-option silences that.
//
// Kernels 6.1- (-fplugin-arg-helperguard-kernels): 5.10 lacks bpf_snprintf, and
// that portability warning is tested in portability-separate.c, not here.
// RUN: rm -f %t.o
// RUN: not %hgclang -fplugin-arg-helperguard-kernels=6.1- -Werror=helperguard -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not test -e %t.o
// RUN: not %hgclang -fplugin-arg-helperguard-kernels=6.1- -Werror -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Werror -Wno-error=helperguard -Wno-unknown-warning-option -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Wno-helperguard -Wno-unknown-warning-option -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=NONE
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -w -c -o %t.o %s 2>&1 | FileCheck %s --allow-empty --check-prefix=NONE
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Wno-helperguard -Whelperguard -Wno-unknown-warning-option -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.1- -Wno-helperguard -c -o %t.o %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// The guard is in the object whatever the warning's severity.
// RUN: llvm-objdump -t %t.o | FileCheck %s --check-prefix=GUARD

#include "hg.h"

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return out[0] == 'a';
}

// ERR: werror.c:[[#@LINE-4]]:2: error: bpf_snprintf writes 'out', {{.*}} [-Werror,-Whelperguard]
// ERR: error generated
// WARN: werror.c:[[#@LINE-6]]:2: warning: bpf_snprintf writes 'out', {{.*}} [-Whelperguard]
// WARN-NOT: error:
// NONE-NOT: helperguard
// UNKNOWN: warning: unknown warning option '-Wno-helperguard'
// UNKNOWN-NOT: Whelperguard]
// GUARD: __helperguard_zero
