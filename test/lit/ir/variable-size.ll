; A size that is not a constant bounds the bytes the helper may write by its
; known bits: "n & 31" writes at most 31 bytes. A read of byte 40 is out of
; the helper's reach (left alone); a read of byte 16 is not (guarded).
; RUN: %hgopt -pass-remarks=helperguard -pass-remarks-analysis=helperguard -disable-output %s 2>&1 | FileCheck %s
; CHECK: remark: {{.*}}bpf_snprintf left alone: no byte the helper writes is read after the call
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' (xdp;

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @beyond(ptr %ctx, i32 %x) section "xdp" {
  %buf = alloca [48 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 48, i1 false)
  %n = and i32 %x, 31
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 %n, ptr @.str, ptr null, i32 0)
  %p = getelementptr inbounds i8, ptr %buf, i64 40
  %c = load i8, ptr %p, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

define dso_local i32 @within(ptr %ctx, i32 %x) section "xdp" {
  %buf = alloca [48 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 48, i1 false)
  %n = and i32 %x, 31
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 %n, ptr @.str, ptr null, i32 0)
  %p = getelementptr inbounds i8, ptr %buf, i64 16
  %c = load i8, ptr %p, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
