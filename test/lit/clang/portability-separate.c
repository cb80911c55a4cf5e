// The portability warning (a helper the targeted kernels refuse) has its own
// group, -Whelperguard-portability, apart from the miscompile group
// -Whelperguard, so a project can make one an error and not the other. With
// the Clang plugin loaded the pass leaves the warning to it: it is printed
// once, at the call, and never also as the pass's -Wbackend-plugin warning.
// Each group takes -W, -Wno-, -Werror=, -Wno-error=, -Werror and -w on its
// own (pragmas: portability-pragma.c).
//
// RUN: rm -f %t.o
// RUN: %hgclang -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORT,HG --implicit-check-not=backend-plugin --implicit-check-not=error
// RUN: test -e %t.o
//
// -Werror=helperguard: the stale buffer fails the build, portability stays a warning.
// RUN: not %hgclang -Werror=helperguard -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORT,HGERR --implicit-check-not=backend-plugin
//
// -Werror=helperguard-portability: the other way round, and no object.
// RUN: rm -f %t.o
// RUN: not %hgclang -Werror=helperguard-portability -Wno-unknown-warning-option -c -o %t.o %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORTERR,HG --implicit-check-not=backend-plugin
// RUN: not test -e %t.o
//
// -Wno-helperguard-portability silences portability alone, -Wno-helperguard the hazard alone.
// RUN: %hgclang -Wno-helperguard-portability -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=HG --implicit-check-not=helperguard-portability --implicit-check-not=backend-plugin
// RUN: %hgclang -Wno-helperguard -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORT --implicit-check-not=Whelperguard] --implicit-check-not=backend-plugin
//
// -Werror makes both errors; -Wno-error=helperguard-portability takes one back.
// RUN: not %hgclang -Werror -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORTERR,HGERR --implicit-check-not=backend-plugin
// RUN: not %hgclang -Werror -Wno-error=helperguard-portability -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORT,HGERR --implicit-check-not=backend-plugin
//
// -w silences both; -fno-diagnostics-show-option drops the tag.
// RUN: %hgclang -w -c -o /dev/null %s 2>&1 | FileCheck %s --allow-empty --check-prefix=NONE
// RUN: %hgclang -fno-diagnostics-show-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NOTAG
//
// Clang's -Wbackend-plugin no longer reaches the warning the plugin gives.
// RUN: %hgclang -Werror=backend-plugin -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=PORT,HG --implicit-check-not=error

#include "hg.h"

static unsigned long long (*bpf_get_current_pid_tgid)(void) = (void *)14;

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return (out[0] == 'a') + (bpf_get_current_pid_tgid() & 1);
}

// HG-DAG: portability-separate.c:[[#@LINE-4]]:2: warning: bpf_snprintf writes 'out', {{.*}} [-Whelperguard]{{$}}
// HGERR-DAG: portability-separate.c:[[#@LINE-5]]:2: error: bpf_snprintf writes 'out', {{.*}} [-Werror,-Whelperguard]{{$}}
// PORT-DAG: portability-separate.c:[[#@LINE-5]]:28: warning: bpf_get_current_pid_tgid is not offered to xdp programs on 5.10-6.11 (first measured with it: 6.12): the program does not load there ({{.*}}, or narrow -fplugin-arg-helperguard-kernels=) [-Whelperguard-portability]{{$}}
// PORTERR-DAG: portability-separate.c:[[#@LINE-6]]:28: error: bpf_get_current_pid_tgid is not offered to xdp programs {{.*}} [-Werror,-Whelperguard-portability]{{$}}
// NONE-NOT: helperguard
// NOTAG-DAG: warning: bpf_snprintf writes 'out', {{.*}} may fold the reads that follow{{$}}
// NOTAG-DAG: warning: bpf_get_current_pid_tgid is not offered {{.*}}-fplugin-arg-helperguard-kernels=){{$}}
