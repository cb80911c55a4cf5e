; The BPF backend's own IR passes put llvm.bpf.passthrough barriers around
; values to stop code motion; a buffer pointer going through one is the
; same buffer, not an escape: the guard still rewrites the initialisation
; (it would fall back to reloading after the call otherwise).
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %[[Z:.*]] = load volatile i64, ptr @__helperguard_zero
; CHECK: store i64 %[[Z]]
; CHECK: store i64 %[[Z]]
; CHECK-NOT: memset
; CHECK: call i64 inttoptr (i64 165 to ptr)
; CHECK-NEXT: load i8
define dso_local i32 @prog(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %p = call ptr @llvm.bpf.passthrough.p0.p0(i32 0, ptr %buf)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %p, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %p, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare ptr @llvm.bpf.passthrough.p0.p0(i32, ptr)
