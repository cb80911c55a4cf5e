; -O0 shape: libbpf 1.1 declares helpers as non-const pointers, so the call
; goes through a load of the global; the buffer's address is kept in a
; pointer variable of its own (an alloca) and reloaded before each use.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@bpf_get_stack = internal global ptr inttoptr (i64 67 to ptr), align 8

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %[[Z:.*]] = call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()
; CHECK-COUNT-4: store i64 %[[Z]]
; CHECK: call i64 %
define dso_local i32 @prog(ptr %ctx) section "raw_tp/sys_enter" {
  %ctx.addr = alloca ptr, align 8
  %buf = alloca [32 x i8], align 8
  %p = alloca ptr, align 8
  store ptr %ctx, ptr %ctx.addr, align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 32, i1 false)
  store ptr %buf, ptr %p, align 8
  %fn = load ptr, ptr @bpf_get_stack, align 8
  %c = load ptr, ptr %ctx.addr, align 8
  %b1 = load ptr, ptr %p, align 8
  %r = call i64 %fn(ptr %c, ptr %b1, i32 32, i64 0)
  %b2 = load ptr, ptr %p, align 8
  %w = load i64, ptr %b2, align 8
  %t = trunc i64 %w to i32
  ret i32 %t
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
