; "char buf[16] = "hello"" kept as a copy of a constant global: the
; backend turns it into loads of .rodata the verifier knows. The guard
; rewrites the copy into stores of the constant words plus the opaque zero.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@__const.prog.buf = private unnamed_addr constant [16 x i8] c"hello\00\00\00\00\00\00\00\00\00\00\00", align 1

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %[[Z:.*]] = call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()
; CHECK-NOT: memcpy
; CHECK: %[[W0:.*]] = add i64 478560413032, %[[Z]]
; CHECK: store i64 %[[W0]], ptr %{{.*}}, align 8
; CHECK: store i64 %[[Z]], ptr %{{.*}}, align 8
; CHECK: call i64 inttoptr (i64 149 to ptr)
define dso_local i32 @prog(ptr %ctx) section "kprobe/do_sys_open" {
  %buf = alloca [16 x i8], align 1
  %btf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %btf, i8 0, i64 16, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr align 1 %buf, ptr align 1 @__const.prog.buf, i64 16, i1 false)
  %r = call i64 inttoptr (i64 149 to ptr)(ptr %buf, i32 16, ptr %btf, i32 16, i64 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
