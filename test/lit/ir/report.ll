; -bpf-helperguard-report writes every examined helper call as JSON: the
; guarded one with its technique and cost, the others with the reason they
; were left alone.
; RUN: %hgopt -bpf-helperguard-report=%t.json -disable-output %s
; RUN: FileCheck %s < %t.json
; CHECK:      "format": "helperguard-report/1",
; CHECK:      "mode": "fix",
; CHECK:      "sites": [
; CHECK:          "affected_kernels": "6.14-6.18.14",
; CHECK-NEXT:     "buffers": [
; CHECK-NEXT:       "'buf'"
; CHECK-NEXT:     ],
; CHECK:          "decision": "guarded",
; CHECK:          "function": "prog",
; CHECK:          "hazardous": true,
; CHECK-NEXT:     "helper": "bpf_snprintf",
; CHECK-NEXT:     "helper_id": 165,
; CHECK-NEXT:     "insns_added_estimate": 2,
; CHECK:          "prog_types": "xdp",
; CHECK:          "technique": "init-global"
; CHECK:          "decision": "left alone",
; CHECK:          "helper": "bpf_probe_read_kernel",
; CHECK:          "reason": "bpf_probe_read_kernel declares every buffer it writes (xdp)",
; CHECK:      "strategy": "auto"

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @prog(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 1
  %other = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  call void @llvm.memset.p0.i64(ptr align 1 %other, i8 0, i64 16, i1 false)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %call2 = call i64 inttoptr (i64 113 to ptr)(ptr %other, i32 16, ptr %ctx)
  %c = load i8, ptr %buf, align 1
  %d = load i8, ptr %other, align 1
  %s = add i8 %c, %d
  %z = zext i8 %s to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
