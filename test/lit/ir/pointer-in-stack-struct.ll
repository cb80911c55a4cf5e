; -O2 shape: a program keeps a context struct on its stack, passed to a
; subprogram. Its `scratch` field holds a pointer into a per-CPU map value
; (the result of bpf_map_lookup_elem), which is handed to bpf_fib_lookup;
; its `key` and `note` fields hold the addresses of stack buffers.
; - The stored stack addresses are followed through the struct's field:
;   `key` does not escape, and `note`, zeroed, written by bpf_snprintf in
;   the subprogram and read by the caller, is guarded.
; - `scratch` cannot be a stack address: the fib lookup is left alone with
;   a remark, and there is no warning.
; Kernels 6.1-: 5.10 lacks bpf_snprintf (a portability warning, tested elsewhere).
; RUN: %hgopt -bpf-helperguard-kernels=6.1- -S %s 2>%t.err | FileCheck %s
; RUN: count 0 < %t.err
; RUN: %hgopt -bpf-helperguard-kernels=6.1- -disable-output -pass-remarks=helperguard \
; RUN:   -pass-remarks-analysis=helperguard %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=warning
; RUN: %hgopt -verify-each -disable-output %s

; REMARK-DAG: remark: {{.*}}bpf_map_lookup_elem left alone
; REMARK-DAG: remark: {{.*}}bpf_fib_lookup left alone: argument 2 is not a stack buffer (loaded from memory that holds no stack address)
; REMARK-DAG: remark: {{.*}}guarded: bpf_snprintf writes 'note' (xdp; kernels {{.*}}) with init-global

; CHECK-LABEL: define internal i64 @lookup(
; CHECK: call i64 inttoptr (i64 69 to ptr)(ptr %xdp, ptr %s, i32 64, i32 0)
; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %hg.zero = load volatile i64, ptr @__helperguard_zero
; CHECK-NOT: call void @llvm.memset
; CHECK: call i64 @lookup(

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

%struct.fwd = type { ptr, ptr, ptr, i32 }

@scratch = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8
@stats = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8
@.fmt = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define internal i64 @lookup(ptr %xdp, ptr %c) {
entry:
  %keyp = getelementptr inbounds i8, ptr %c, i64 8
  %key = load ptr, ptr %keyp, align 8
  %v = call ptr inttoptr (i64 1 to ptr)(ptr @scratch, ptr %key)
  store ptr %v, ptr %c, align 8
  %notep = getelementptr inbounds i8, ptr %c, i64 16
  %note = load ptr, ptr %notep, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %note, i32 16, ptr @.fmt, ptr null, i32 0)
  %isnull = icmp eq ptr %v, null
  br i1 %isnull, label %out, label %go

go:
  %s = load ptr, ptr %c, align 8
  %ifp = getelementptr inbounds i8, ptr %c, i64 24
  %if = load i32, ptr %ifp, align 8
  %sif = getelementptr inbounds i8, ptr %s, i64 8
  store i32 %if, ptr %sif, align 4
  %r = call i64 inttoptr (i64 69 to ptr)(ptr %xdp, ptr %s, i32 64, i32 0)
  ret i64 %r

out:
  ret i64 0
}

define dso_local i32 @prog(ptr %xdp) section "xdp" {
entry:
  %key = alloca i32, align 4
  %note = alloca [16 x i8], align 8
  %c = alloca %struct.fwd, align 8
  store i32 0, ptr %key, align 4
  %st = call ptr inttoptr (i64 1 to ptr)(ptr @stats, ptr %key)
  call void @llvm.memset.p0.i64(ptr align 8 %note, i8 0, i64 16, i1 false)
  store ptr null, ptr %c, align 8
  %kp = getelementptr inbounds i8, ptr %c, i64 8
  store ptr %key, ptr %kp, align 8
  %np = getelementptr inbounds i8, ptr %c, i64 16
  store ptr %note, ptr %np, align 8
  %ifx = getelementptr inbounds i8, ptr %xdp, i64 12
  %ifv = load i32, ptr %ifx, align 4
  %cif = getelementptr inbounds i8, ptr %c, i64 24
  store i32 %ifv, ptr %cif, align 8
  %r = call i64 @lookup(ptr %xdp, ptr %c)
  %b = load i8, ptr %note, align 8
  %bz = zext i8 %b to i64
  %sum = add i64 %r, %bz
  %t = trunc i64 %sum to i32
  ret i32 %t
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
