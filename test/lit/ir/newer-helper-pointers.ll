; A helper newer than the database (#999, as the kernel selftest
; test_core_extern.c calls it) is assumed to write every pointer argument
; without declaring it. Only a pointer that may be a stack address can give
; the verifier stale contents: called with the program's context, the call
; gets a remark and no warning (issue 13: no -Wpass-failed on a non-stack
; buffer); called with a stack buffer that is read afterwards, the pass
; warns once and guards it.
; RUN: sed '/^define.*@with_stack/,/^}/d' %s > %t.ctx.ll
; RUN: %hgopt -disable-output -pass-remarks-analysis=helperguard %t.ctx.ll 2>&1 \
; RUN:   | FileCheck %s --check-prefix=CTX --implicit-check-not=warning
; RUN: sed '/^define.*@ctx_only/,/^}/d' %s > %t.stack.ll
; RUN: %hgopt -disable-output -pass-remarks=helperguard %t.stack.ll 2>&1 \
; RUN:   | FileCheck %s --check-prefix=STACK

; CTX: remark: {{.*}}helper #999 left alone: argument 1 is not a stack buffer

; STACK: warning: {{.*}}helper #999 is newer than the helper database
; STACK: remark: {{.*}}guarded: helper #999 writes

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define dso_local i32 @ctx_only(ptr %ctx) section "xdp" {
entry:
  %n = call i64 inttoptr (i64 999 to ptr)(ptr %ctx, i32 123)
  %t = trunc i64 %n to i32
  ret i32 %t
}

define dso_local i32 @with_stack(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %n = call i64 inttoptr (i64 999 to ptr)(ptr %buf, i32 16)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
