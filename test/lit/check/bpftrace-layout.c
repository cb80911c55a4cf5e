// "helperguard check" on objects laid out like bpftrace's --emit-elf output
// (bpftrace 0.17, Debian 12): one section per probe named "s_<probe>_1", the
// program's symbol named after the probe ("kfunc:dentry_open"), no .BTF, no
// .BTF.ext, no map relocations (its maps are ld_imm64 BPF_PSEUDO_MAP_FD
// instructions with bpftrace's own map numbers, patched by bpftrace itself).
// The first program has the shape of bpftrace's path(): a 64-byte stack
// buffer zeroed with 8-byte stores and bpf_d_path into it (the verifier log
// quoted in bpftrace pull request #2279, January 2023), then compared byte
// by byte, as `path(args->path) == "/tmp/x"` would be. bpftrace's own objects
// are not committed (they are generated, and --emit-elf needs a kernel to
// probe); this one is clang's,
// without -g, with its section and symbol renamed by llvm-objcopy.
// The section name says no program type libbpf knows, so the checker
// assumes any type: the call is a hazard wherever bpf_d_path is one.
//
// RUN: %clang -target bpf -O2 -I%inputs -DPAIR_D_PATH_FENTRY -c -o %t.c.o %s
// RUN: llvm-objcopy --rename-section .text.bt=s_kfunc:dentry_open_1 \
// RUN:   --redefine-sym bt_path=kfunc:dentry_open \
// RUN:   --rename-section .text.bt2=s_kprobe:do_sys_openat2_1 \
// RUN:   --redefine-sym bt_str=kprobe:do_sys_openat2 %t.c.o %t.o
// RUN: llvm-objdump -h -t %t.o | FileCheck %s --check-prefix=LAYOUT
// LAYOUT-NOT: .BTF
// LAYOUT-DAG: s_kfunc:dentry_open_1
// LAYOUT-DAG: kfunc:dentry_open
// LAYOUT-DAG: s_kprobe:do_sys_openat2_1
//
// RUN: %helperguard check --all %t.o > %t.out; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// CHECK:      s_kfunc:dentry_open_1+0x{{[0-9a-f]+}}: hazard: bpf_d_path in kfunc:dentry_open (any)
// CHECK:      s_kprobe:do_sys_openat2_1+0x{{[0-9a-f]+}}: ok: bpf_probe_read_kernel_str in kprobe:do_sys_openat2 (any)
// CHECK:      2 program(s), {{[0-9]+}} helper/kfunc call(s), 1 hazardous on kernels all (no .BTF.ext line info: locations are section+offset)
// CHECK-NEXT: exit=1

#include "pairs.h"

static long (* const bpf_probe_read_kernel_str)(void *dst, __u32 size,
						const void *src) = (void *) 115;

static const char want[8] = "/tmp/x";

/* path(args->path) == "/tmp/x" */
SEC(".text.bt") int bt_path(__u64 *ctx)
{
	char buf[64] = {};
	int i;

	bpf_d_path((struct path *)ctx[0], buf, sizeof(buf));
#pragma unroll
	for (i = 0; i < 7; i++)
		if (buf[i] != want[i])
			return 0;
	return 1;
}

/* str(arg1) == "/tmp/x": bpf_probe_read_kernel_str declares its write. */
SEC(".text.bt2") int bt_str(__u64 *ctx)
{
	char buf[64] = {};
	int i;

	bpf_probe_read_kernel_str(buf, sizeof(buf), (void *)ctx[1]);
#pragma unroll
	for (i = 0; i < 7; i++)
		if (buf[i] != want[i])
			return 0;
	return 1;
}
