// Portability diagnostics for kfuncs: a call to a kfunc the database knows
// (bpf_path_d_path: measured absent on 5.10.262 and 6.1.192, exported from
// 6.12.117 on) is refused where the kernel does not export it (libbpf
// cannot resolve the __ksym extern). Silent under bpf_ksym_exists() (the
// address of the extern_weak symbol tested in a dominating branch), on
// kernels that export it, for a kfunc the database does not know, and with
// -bpf-helperguard-portability=off.
// HG-SEMANTICS: not-runnable: every program is under a -D of the RUN lines,
// and what they test is whether a kernel loads them (test/portability).
//
// RUN: %bpfcc -DPLAIN -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=PLAIN
// PLAIN: warning: {{.*}}kfunc-portability.c:{{[0-9]+}}:{{[0-9]+}}: helperguard-portability: bpf_path_d_path does not exist on 5.10-6.12.116 (first measured with it: 6.12.117): the program does not load there (guard the call with bpf_ksym_exists(bpf_path_d_path), or narrow -bpf-helperguard-kernels)
// PLAIN-NOT: warning: {{.*}}helperguard-portability
// RUN: %bpfcc -DPLAIN -mllvm -bpf-helperguard-kernels=6.1 -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=K61
// K61: helperguard-portability: bpf_path_d_path does not exist on 6.1 (first
// RUN: %bpfcc -DPLAIN -mllvm -bpf-helperguard-kernels=6.12.117- -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPLAIN -mllvm -bpf-helperguard-portability=off -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DPLAIN -mllvm -bpf-helperguard-portability=remark -Rpass-analysis=helperguard-portability -c -o /dev/null %s 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: remark: helperguard-portability: bpf_path_d_path does not exist on 5.10-6.12.116
// REMARK-NOT: warning:
// RUN: %bpfcc -DGUARDED -c -o /dev/null %s 2>&1 | count 0
// RUN: %bpfcc -DUNKNOWN -c -o /dev/null %s 2>&1 | count 0

#include "hg.h"

#define __ksym __attribute__((section(".ksyms")))
#define bpf_ksym_exists(sym) (!!(sym))

extern int bpf_path_d_path(struct path *path, char *buf, unsigned long buf__sz) __ksym
#ifdef GUARDED
	__attribute__((weak))
#endif
	;
extern int bpf_nope_kfunc(struct path *path, char *buf, unsigned long buf__sz) __ksym;


SEC("lsm.s/file_open") int prog(__u64 *ctx)
{
	char buf[64];
#if defined(PLAIN)
	bpf_path_d_path((struct path *)ctx[0], buf, sizeof(buf));
#elif defined(GUARDED)
	if (!bpf_ksym_exists(bpf_path_d_path))
		return 0;
	bpf_path_d_path((struct path *)ctx[0], buf, sizeof(buf));
#else
	bpf_nope_kfunc((struct path *)ctx[0], buf, sizeof(buf));
#endif
	return buf[0] == '/' ? 0 : 1;
}
