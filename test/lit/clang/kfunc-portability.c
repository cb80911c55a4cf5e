// A known kfunc a targeted kernel does not export (bpf_path_d_path, absent
// on 5.10.262 and 6.1.192) is a -Whelperguard-portability warning of the
// Clang plugin, at the call, like a refused helper; -Werror= and -Wno- act
// on it; under bpf_ksym_exists() it is silent.
// HG-SEMANTICS: not-runnable: what it tests is whether a kernel loads it
// (test/portability).
//
// RUN: %hgclang -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PORT --implicit-check-not=backend-plugin --implicit-check-not=error
// RUN: not %hgclang -Werror=helperguard-portability -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PORTERR --implicit-check-not=backend-plugin
// RUN: %hgclang -Wno-helperguard-portability -Wno-unknown-warning-option -c -o /dev/null %s 2>&1 | count 0
// RUN: %hgclang -fplugin-arg-helperguard-kernels=6.12.117- -c -o /dev/null %s 2>&1 | count 0
// RUN: %hgclang -DGUARDED -c -o /dev/null %s 2>&1 | count 0

#include "hg.h"

#define __ksym __attribute__((section(".ksyms")))

extern int bpf_path_d_path(struct path *path, char *buf, unsigned long buf__sz) __ksym
#ifdef GUARDED
	__attribute__((weak))
#endif
	;


SEC("lsm.s/file_open") int prog(__u64 *ctx)
{
	char buf[64];

#ifdef GUARDED
	if (!bpf_path_d_path)
		return 0;
#endif
	bpf_path_d_path((struct path *)ctx[0], buf, sizeof(buf));
	return buf[0] == '/' ? 0 : 1;
}

// PORT: kfunc-portability.c:[[#@LINE-4]]:{{[0-9]+}}: warning: bpf_path_d_path does not exist on 5.10-6.12.116 (first measured with it: 6.12.117): the program does not load there (guard the call with bpf_ksym_exists(bpf_path_d_path), or narrow -fplugin-arg-helperguard-kernels=) [-Whelperguard-portability]{{$}}
// PORTERR: kfunc-portability.c:[[#@LINE-5]]:{{[0-9]+}}: error: bpf_path_d_path does not exist on 5.10-6.12.116 {{.*}} [-Werror,-Whelperguard-portability]{{$}}
