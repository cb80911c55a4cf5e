#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""synth.py N [PER_FUNCTION]: print a BPF LLVM IR module with N helper calls.

The calls are spread over XDP programs of PER_FUNCTION calls each (default 10;
PER_FUNCTION=N puts them all in one function, the analysis's worst case).
Each call has its own stack buffer and cycles through four shapes:
  0 zeroed buffer, bpf_snprintf (165) writes it, read after  -> hazardous, guarded
  1 zeroed buffer, bpf_probe_read_kernel (113) writes it      -> MEM_WRITE, left alone
  2 constant key, bpf_map_lookup_elem (1) reads it            -> read only, left alone
  3 uninitialised buffer, bpf_get_current_comm (16)           -> left alone
"""
import sys

n = int(sys.argv[1])
per = int(sys.argv[2]) if len(sys.argv) > 2 else 10
o = []
w = o.append
w('target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"')
w('target triple = "bpf"')
w('@fmt = private unnamed_addr constant [3 x i8] c"ab\\00", align 1')
w('@map = dso_local global ptr null, section ".maps", align 8')
w('@src = dso_local global [16 x i8] zeroinitializer, align 8')
w('@_license = dso_local global [4 x i8] c"GPL\\00", section "license", align 1')
w('declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)')
fn = 0
i = 0
while i < n:
    k = min(per, n - i)
    w('define dso_local i32 @prog%d(ptr %%ctx) section "xdp" {' % fn)
    w('entry:')
    acc = "0"
    for j in range(k):
        s = (i + j) % 4
        b = "%%b%d" % j
        w('  %s = alloca [16 x i8], align 8' % b)
        if s in (0, 1, 2):
            w('  call void @llvm.memset.p0.i64(ptr align 8 %s, i8 0, i64 16, i1 false)' % b)
        if s == 0:
            w('  %%r%d = call i64 inttoptr (i64 165 to ptr)(ptr %s, i32 16, ptr @fmt, ptr null, i32 0)' % (j, b))
        elif s == 1:
            w('  %%r%d = call i64 inttoptr (i64 113 to ptr)(ptr %s, i32 16, ptr @src)' % (j, b))
        elif s == 2:
            w('  %%r%d = call ptr inttoptr (i64 1 to ptr)(ptr @map, ptr %s)' % (j, b))
        else:
            w('  %%r%d = call i64 inttoptr (i64 16 to ptr)(ptr %s, i32 16)' % (j, b))
        w('  %%c%d = load i8, ptr %s, align 1' % (j, b))
        w('  %%z%d = zext i8 %%c%d to i32' % (j, j))
        w('  %%a%d = add i32 %s, %%z%d' % (j, acc, j))
        acc = "%%a%d" % j
    w('  ret i32 %s' % acc)
    w('}')
    fn += 1
    i += k
print("\n".join(o))
