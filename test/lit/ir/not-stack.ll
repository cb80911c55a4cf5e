; Buffers that are not on the stack are not tracked byte by byte by the
; verifier: a map value from bpf_map_lookup_elem, a global. Nothing changes.
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -S %s -o %t.pass.ll
; RUN: diff %t.plain.ll %t.pass.ll
; RUN: %hgopt -pass-remarks-analysis=helperguard -disable-output %s 2>&1 | FileCheck %s
; CHECK: remark: {{.*}}bpf_snprintf left alone: argument 1 is not a stack buffer
; CHECK: remark: {{.*}}bpf_snprintf left alone: argument 1 is not a stack buffer

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1
@map = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8
@gbuf = internal global [16 x i8] zeroinitializer, align 1

define dso_local i32 @prog(ptr %ctx) section "xdp" {
  %key = alloca i32, align 4
  store i32 0, ptr %key, align 4
  %v = call ptr inttoptr (i64 1 to ptr)(ptr @map, ptr %key)
  %isnull = icmp eq ptr %v, null
  br i1 %isnull, label %out, label %fill

fill:
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %v, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %v, align 1
  %call2 = call i64 inttoptr (i64 165 to ptr)(ptr @gbuf, i32 16, ptr @.str, ptr null, i32 0)
  %d = load i8, ptr @gbuf, align 1
  %s = add i8 %c, %d
  %z = zext i8 %s to i32
  ret i32 %z

out:
  ret i32 0
}
