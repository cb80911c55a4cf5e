; libbpf's bpf_core_unreachable() calls the invalid helper id 0xbad2310
; (195896080) on purpose, with no argument, in code the program never
; reaches. The pass recognises the poison id and says so in a remark; a
; helper newer than the database that takes no pointer argument cannot
; write a buffer either: no warning for either, nothing changes.
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -S %s -o %t.pass.ll 2>%t.err
; RUN: diff %t.plain.ll %t.pass.ll
; RUN: count 0 < %t.err
; RUN: %hgopt -disable-output -pass-remarks-analysis=helperguard %s 2>&1 \
; RUN:   | FileCheck %s --implicit-check-not=warning

; CHECK: remark: {{.*}}helper #195896080 left alone: libbpf's poisoned call (helper id 0xbad2310, bpf_core_unreachable): never executed
; CHECK: remark: {{.*}}helper #300 left alone: helper #300 is newer than the helper database, and it has no pointer argument to write through

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %v = load i32, ptr %ctx, align 4
  %bad = icmp eq i32 %v, 7
  br i1 %bad, label %poison, label %ok

poison:
  call void inttoptr (i64 195896080 to ptr)()
  unreachable

ok:
  %n = call i64 inttoptr (i64 300 to ptr)(i64 1, i32 16)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
