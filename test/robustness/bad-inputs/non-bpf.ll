; A module for another target: the pass does nothing and says nothing, even
; with options that would be errors on a BPF module (they are read only for
; BPF modules), and the output is the input.
; RUN: %hgopt -S %s -o %t.out.ll 2>&1 | count 0
; RUN: %opt -S %s -o %t.ref.ll
; RUN: diff %t.ref.ll %t.out.ll
; RUN: %hgopt -bpf-helperguard-kernels=banana -disable-output %s 2>&1 | count 0

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
