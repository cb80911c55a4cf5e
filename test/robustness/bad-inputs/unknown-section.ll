; A program in a section libbpf does not know: its type is unknown, so the
; pass assumes any program type may reach the call (the worst case), guards
; with the zero that needs no privilege, and says "unknown program type".
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -disable-output -pass-remarks=helperguard %s 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; REMARK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' (unknown program type; kernels {{.*}}) with init-global{{.*}}(in function 'prog', at '%call = call i64 inttoptr (i64 165 to ptr)
; CHECK: load volatile i64, ptr @__helperguard_zero
define dso_local i32 @prog(ptr %ctx) section "no_such_section/xyz" {
entry:
  %buf = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
