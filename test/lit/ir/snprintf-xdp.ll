; The basic hazard: an XDP program zero-initialises a 16-byte stack buffer,
; bpf_snprintf (id 165) writes it, and the program reads byte 0 afterwards.
; On 6.14-6.18 the verifier keeps believing byte 0 is zero.
;
; XDP does not imply CAP_PERFMON, so by default the memset becomes stores of
; a zero loaded from a writable .bss global.
; RUN: %hgopt -S %s | FileCheck %s --check-prefixes=CHECK,GLOBAL
; RUN: %hgopt -bpf-helperguard-strategy=init-ptrdiff -S %s | FileCheck %s --check-prefixes=CHECK,PTRDIFF
; RUN: %hgopt -bpf-helperguard-strategy=reload-global -S %s | FileCheck %s --check-prefix=RELOAD
; RUN: %hgopt -bpf-helperguard-strategy=reload-ptrdiff -S %s | FileCheck %s --check-prefix=RELOADPD
; Running the pass again changes nothing: it knows its own code.
; RUN: %hgopt -S %s | %hgopt -S | FileCheck %s --check-prefixes=CHECK,GLOBAL
; RUN: %opt %loadfirst -load-pass-plugin %plugin -passes=helperguard,helperguard -S %s | FileCheck %s --check-prefixes=CHECK,GLOBAL
; RUN: %hgopt -verify-each -disable-output %s

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; GLOBAL: @__helperguard_zero = internal global i64 0, section ".bss", align 8
; CHECK-LABEL: define {{.*}}i32 @prog(
; CHECK: alloca [16 x i8], align 8
; GLOBAL-NEXT: %[[Z:.*]] = load volatile i64, ptr @__helperguard_zero, align 8
; PTRDIFF-NEXT: %[[Z:.*]] = call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()
; CHECK-NOT: memset
; CHECK: store i64 %[[Z]], ptr %{{.*}}, align 8
; CHECK: store i64 %[[Z]], ptr %{{.*}}, align 8
; CHECK-NOT: helperguard_zero
; CHECK: call i64 inttoptr (i64 165 to ptr)
; CHECK-NEXT: load i8, ptr %buf
; GLOBAL-NOT: load volatile

; The reload strategy keeps the memset and launders the word read after the call.
; RELOAD: call void @llvm.memset
; RELOAD: call i64 inttoptr (i64 165 to ptr)
; RELOAD-NEXT: %[[Z:.*]] = load volatile i64, ptr @__helperguard_zero
; RELOAD-NEXT: %[[P:.*]] = getelementptr inbounds i8, ptr %buf, i64 0
; RELOAD-NEXT: %[[OLD:.*]] = load i64, ptr %[[P]], align 8
; RELOAD-NEXT: %[[NEW:.*]] = add i64 %[[OLD]], %[[Z]]
; RELOAD-NEXT: store i64 %[[NEW]], ptr %[[P]], align 8
; RELOAD-NEXT: load i8, ptr %buf
; RELOADPD: call i64 inttoptr (i64 165 to ptr)
; RELOADPD-NEXT: call i64 asm "$0 = r10\0A\09$0 -= r10", "=r"()

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
