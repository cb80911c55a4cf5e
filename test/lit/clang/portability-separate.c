// The portability warning (a helper the targeted kernels refuse) is of its
// own kind, apart from the miscompile group -Whelperguard: with the Clang
// plugin loaded it is still clang's backend-plugin warning, so a project
// can make one an error and not the other. -Werror=helperguard fails on
// the stale bpf_snprintf buffer only; -Werror=backend-plugin fails on the
// portability warning only; -Wno-backend-plugin silences it alone.
//
// RUN: not %hgclang -Werror=helperguard -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=HGERR
// HGERR-DAG: warning: {{.*}}helperguard-portability: bpf_get_current_pid_tgid is not offered to xdp programs on 5.10-6.11 {{.*}}[-Wbackend-plugin]
// HGERR-DAG: error: bpf_snprintf writes 'out', {{.*}}[-Werror,-Whelperguard]
//
// RUN: not %hgclang -Werror=backend-plugin -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PORTERR
// PORTERR-DAG: error: {{.*}}helperguard-portability: bpf_get_current_pid_tgid {{.*}}[-Werror,-Wbackend-plugin]
// PORTERR-DAG: warning: bpf_snprintf writes 'out', {{.*}}[-Whelperguard]
//
// RUN: %hgclang -Wno-backend-plugin -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=NOPORT
// NOPORT-NOT: helperguard-portability
// NOPORT: warning: bpf_snprintf writes 'out'
// NOPORT-NOT: helperguard-portability

#include "hg.h"

static unsigned long long (*bpf_get_current_pid_tgid)(void) = (void *)14;

SEC("xdp") int prog(struct xdp_md *ctx)
{
	char out[16] = {};

	bpf_snprintf(out, sizeof(out), "ab", 0, 0);
	return (out[0] == 'a') + (bpf_get_current_pid_tgid() & 1);
}
