; The buffer's address escapes (ptrtoint, as code computing with addresses
; does): the walk cannot see every write, so the initialisations cannot all
; be rewritten. The guard falls back to reloading, right after the call,
; the words read later (here only bytes 8-11): load, add the opaque zero,
; store.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -pass-remarks=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=REMARK
; Forcing init placement falls back to reload too, and says so.
; RUN: %hgopt -bpf-helperguard-strategy=init-global -pass-remarks=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=FORCED
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1
@sink = dso_local global i64 0, align 8

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: alloca [12 x i8], align 8
; CHECK: call void @llvm.memset
; CHECK: call i64 inttoptr (i64 165 to ptr)
; CHECK-NEXT: %[[Z:.*]] = load volatile i64, ptr @__helperguard_zero
; CHECK-NEXT: %[[P8:.*]] = getelementptr inbounds i8, ptr %buf, i64 8
; CHECK-NEXT: %[[O8:.*]] = load i32, ptr %[[P8]], align 4
; CHECK-NEXT: %[[T:.*]] = trunc i64 %[[Z]] to i32
; CHECK-NEXT: %[[N8:.*]] = add i32 %[[O8]], %[[T]]
; CHECK-NEXT: store i32 %[[N8]], ptr %[[P8]], align 4
; CHECK-NEXT: getelementptr
define dso_local i32 @prog(ptr %ctx) section "xdp" {
  %buf = alloca [12 x i8], align 4
  call void @llvm.memset.p0.i64(ptr align 4 %buf, i8 0, i64 12, i1 false)
  %addr = ptrtoint ptr %buf to i64
  store i64 %addr, ptr @sink, align 8
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 12, ptr @.str, ptr null, i32 0)
  %q = getelementptr inbounds i8, ptr %buf, i64 9
  %c = load i8, ptr %q, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; REMARK: guarded: bpf_snprintf writes 'buf' (xdp; kernels 6.14-6.18.14) with reload-global, about {{[0-9]+}} BPF instruction(s) added
; FORCED: guarded: bpf_snprintf writes 'buf' (xdp; kernels 6.14-6.18.14) with reload-global, {{.*}}(an initialisation cannot be rewritten; reloading after the call)

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
