; A module without debug info: every diagnostic still says which function
; and which instruction (the call, and the read that may fold).
; RUN: %hgopt -bpf-helperguard-mode=warn -disable-output %s 2>&1 | FileCheck %s --check-prefix=WARN
; RUN: %hgopt -disable-output -pass-remarks=helperguard -pass-remarks-analysis=helperguard %s 2>&1 | FileCheck %s --check-prefix=REMARK

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; WARN: warning: {{.*}}helperguard: bpf_snprintf writes 'buf' but on kernels {{.*}} (xdp) the verifier keeps believing the old contents and may fold the read at '%c = load i8, ptr %buf, align 1' in function 'prog' and drop the code it thinks dead; {{.*}} (in function 'prog', at '%call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)')
; WARN-NOT: warning
; REMARK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' (xdp; {{.*}} (in function 'prog', at '%call = call i64 inttoptr (i64 165 to ptr)
; REMARK: remark: {{.*}}bpf_get_current_comm left alone: {{.*}} (in function 'prog', at '{{%[0-9]+}} = call i64 inttoptr (i64 16 to ptr)(ptr %other, i32 16)')
define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 1
  %other = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  call i64 inttoptr (i64 16 to ptr)(ptr %other, i32 16)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
