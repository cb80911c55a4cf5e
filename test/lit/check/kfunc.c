// A kfunc call as clang writes it in a .o (a bpf-to-bpf call relocated
// against the undefined __ksym symbol; libbpf makes it a kfunc call): not a
// subprogram to enter, and bpf_path_d_path's buffer is one the verifier
// forgets on every kernel (helper database), so no hazard.
//
// RUN: %bpfcc-plain -c -o %t.o %s
// RUN: %helperguard check --all %t.o > %t.out; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// CHECK: kfunc.c:[[#]]:{{.*}}: ok: bpf_path_d_path (kfunc) in prog (lsm)
// CHECK-NEXT: the verifier forgets what bpf_path_d_path writes on every targeted kernel
// CHECK: 1 program(s), 1 helper/kfunc call(s), 0 hazardous
// CHECK-NEXT: exit=0

#include "hg.h"

extern int bpf_path_d_path(struct path *path, char *buf, unsigned long buf__sz)
	__attribute__((section(".ksyms"), weak));

SEC("lsm.s/file_open") int prog(__u64 *ctx)
{
	char buf[64] = {};

	bpf_path_d_path((struct path *)ctx[0], buf, sizeof(buf));
	return buf[0] == '/' ? 0 : 1;
}
