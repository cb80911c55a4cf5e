; The buffer belongs to the caller; a static subprogram (verified in the
; caller's frame, so the buffer stays PTR_TO_STACK) calls bpf_d_path on it.
; The caller zero-initialises it and, after the subprogram returns, a second
; static subprogram reads it. The guard rewrites the caller's
; initialisation; LSM implies CAP_PERFMON, so the zero is r10 - r10.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -pass-remarks=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; CHECK-LABEL: define internal i64 @fill(
; CHECK-NOT: asm
; CHECK: call i64 inttoptr (i64 147 to ptr)
define internal i64 @fill(ptr %path, ptr %b) noinline {
  %r = call i64 inttoptr (i64 147 to ptr)(ptr %path, ptr %b, i32 64)
  ret i64 %r
}

; CHECK-LABEL: define internal i32 @first(
; CHECK-NOT: asm
define internal i32 @first(ptr %b) noinline {
  %p = getelementptr inbounds i8, ptr %b, i64 1
  %c = load i8, ptr %p, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %[[Z:.*]] = call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()
; CHECK-COUNT-8: store i64 %[[Z]]
; CHECK-NOT: memset
; CHECK: call i64 @fill(
define dso_local i32 @prog(ptr %ctx) section "lsm/file_open" {
  %buf = alloca [64 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 64, i1 false)
  %path = load ptr, ptr %ctx, align 8
  %r = call i64 @fill(ptr %path, ptr %buf)
  %c = call i32 @first(ptr %buf)
  ret i32 %c
}

; REMARK: remark: <unknown>:0:0: guarded: bpf_d_path writes 'buf' (lsm; kernels 6.14-6.18.4) with init-ptrdiff, about 1 BPF instruction(s) added

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
