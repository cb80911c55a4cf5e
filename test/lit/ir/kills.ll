; Writes that make the verifier forget bytes on every kernel "kill" what
; came before them. Here:
;  @killed_read: after the call, the read word is overwritten with a value
;    loaded from a map (unknown to the verifier) on every path to the read:
;    nothing stale is read, nothing changes.
;  @killed_init: bpf_probe_read_kernel (which declares its write) refills
;    the buffer between the zeroing and the call: nothing changes.
;  @kill_on_one_path: the overwrite happens on one branch only; the other
;    path still reads the stale zero: guarded.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -pass-remarks-analysis=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=REASON

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1
@val = dso_local global i64 0, align 8

; CHECK-LABEL: define dso_local i32 @killed_read(
; CHECK-NOT: helperguard_zero
; CHECK: ret i32
; REASON: remark: {{.*}}bpf_snprintf left alone: no byte the helper writes is read after the call
define dso_local i32 @killed_read(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %v = load i64, ptr @val, align 8
  store i64 %v, ptr %buf, align 8
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; CHECK-LABEL: define dso_local i32 @killed_init(
; CHECK-NOT: helperguard_zero
; CHECK: ret i32
; REASON: remark: {{.*}}bpf_snprintf left alone: no byte the helper writes is known to the verifier before the call
define dso_local i32 @killed_init(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %p = call i64 inttoptr (i64 113 to ptr)(ptr %buf, i32 16, ptr %ctx)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; CHECK-LABEL: define dso_local i32 @kill_on_one_path(
; CHECK: load volatile i64, ptr @__helperguard_zero
; CHECK: ret i32
define dso_local i32 @kill_on_one_path(ptr %ctx, i1 %c0) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  br i1 %c0, label %over, label %read

over:
  %v = load i64, ptr @val, align 8
  store i64 %v, ptr %buf, align 8
  br label %read

read:
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
