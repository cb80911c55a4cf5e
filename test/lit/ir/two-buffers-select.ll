; The helper's pointer is a select between two stack buffers, one
; initialised with a constant at offset 8. Only the initialised one needs
; its initialisation rewritten; the select is followed to both.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %[[Z:.*]] = load volatile i64, ptr @__helperguard_zero
; CHECK-NEXT: %[[T:.*]] = trunc i64 %[[Z]] to i32
; CHECK-NEXT: %[[V:.*]] = add i32 7, %[[T]]
; CHECK-NEXT: store i32 %[[V]], ptr %a.8, align 4
; CHECK: store i32 %n, ptr %b.8, align 4
; CHECK-NOT: helperguard_zero
; CHECK: ret i32
define dso_local i32 @prog(ptr %ctx, i1 %which, i32 %n) section "tc" {
  %a = alloca [16 x i8], align 4
  %b = alloca [16 x i8], align 4
  call void @llvm.memset.p0.i64(ptr align 4 %b, i8 0, i64 8, i1 false)
  %a.8 = getelementptr inbounds i8, ptr %a, i64 8
  store i32 7, ptr %a.8, align 4
  %b.8 = getelementptr inbounds i8, ptr %b, i64 8
  store i32 %n, ptr %b.8, align 4
  %p = select i1 %which, ptr %a, ptr %b
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %p, i32 16, ptr @.str, ptr null, i32 0)
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %v = load i32, ptr %q, align 4
  ret i32 %v
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
