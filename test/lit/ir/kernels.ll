; -bpf-helperguard-kernels selects the kernels to protect. The hazard exists
; on 6.14 up to the fixes (6.18.44 in the 6.18 stable series, 6.19
; mainline); a selection outside that window leaves the module unchanged.
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -bpf-helperguard-kernels=6.12 -S %s -o %t.612.ll
; RUN: diff %t.plain.ll %t.612.ll
; RUN: %hgopt -bpf-helperguard-kernels=6.19 -S %s -o %t.619.ll
; RUN: diff %t.plain.ll %t.619.ll
; RUN: %hgopt -bpf-helperguard-kernels=6.1,6.12.107,6.18.44,7.0 -S %s -o %t.list.ll
; RUN: diff %t.plain.ll %t.list.ll
; RUN: %hgopt -bpf-helperguard-kernels=6.19 -pass-remarks-analysis=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=OUTSIDE
; OUTSIDE: remark: {{.*}}bpf_snprintf left alone: bpf_snprintf is affected only on kernels 6.14-6.18.14, none of them targeted
;
; RUN: %hgopt -bpf-helperguard-kernels=6.17.13 -S %s | FileCheck %s --check-prefix=GUARDED
; RUN: %hgopt -bpf-helperguard-kernels=6.14-6.18 -S %s | FileCheck %s --check-prefix=GUARDED
; RUN: %hgopt -bpf-helperguard-kernels=6.12,6.18.5 -S %s | FileCheck %s --check-prefix=GUARDED
; RUN: %hgopt -bpf-helperguard-kernels=all -S %s | FileCheck %s --check-prefix=GUARDED
; GUARDED: load volatile i64, ptr @__helperguard_zero
; RUN: %hgopt -bpf-helperguard-kernels=6.12-6.17 -pass-remarks=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=WINDOW
; WINDOW: remark: {{.*}}guarded: bpf_snprintf writes 'buf' (xdp; kernels 6.14-6.17) with init-global

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %cmp = icmp eq i8 %c, 97
  %r = select i1 %cmp, i32 1, i32 2
  ret i32 %r
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
