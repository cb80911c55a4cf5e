; A buffer whose bytes, after the call that writes them, reach only helpers
; that copy them is not hazardous: the verifier checks that the bytes are
; initialised and never folds them. Here the zeroed buffer bpf_snprintf
; writes goes to bpf_map_update_elem as the value, to bpf_ringbuf_output,
; to bpf_perf_event_output and to bpf_probe_read_kernel as the source (in a
; subprogram too). Nothing changes. Only the program's own loads count: the
; same buffer used as a map key (the verifier uses a constant key of an
; array map) is guarded.
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -S %s -o %t.pass.ll
; RUN: not diff %t.plain.ll %t.pass.ll > %t.diff
; RUN: FileCheck %s --check-prefix=DIFF < %t.diff
; RUN: %hgopt -disable-output -pass-remarks=helperguard \
; RUN:   -pass-remarks-analysis=helperguard %s 2>&1 | FileCheck %s

; CHECK: remark: {{.*}}bpf_snprintf left alone: no byte the helper writes is read after the call (in function 'copies'
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'kbuf' {{.*}}(in function 'key'

; Only @key changed.
; DIFF-NOT: define {{.*}}@copies
; DIFF: hg.zero

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@m = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8
@rb = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8
@.fmt = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define internal void @copy_out(ptr %b) {
  %dst = alloca [16 x i8], align 8
  %r = call i64 inttoptr (i64 113 to ptr)(ptr %dst, i32 16, ptr %b)
  %q = call i64 inttoptr (i64 130 to ptr)(ptr @rb, ptr %dst, i64 16, i64 0)
  ret void
}

define dso_local i32 @copies(ptr %ctx) section "xdp" {
entry:
  %k = alloca i32, align 4
  %buf = alloca [16 x i8], align 8
  store i32 0, ptr %k, align 4
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.fmt, ptr null, i32 0)
  %u = call i64 inttoptr (i64 2 to ptr)(ptr @m, ptr %k, ptr %buf, i64 0)
  %o = call i64 inttoptr (i64 130 to ptr)(ptr @rb, ptr %buf, i64 16, i64 0)
  %p = call i64 inttoptr (i64 25 to ptr)(ptr %ctx, ptr @m, i64 0, ptr %buf, i64 16)
  call void @copy_out(ptr %buf)
  ret i32 2
}

define dso_local i32 @key(ptr %ctx) section "xdp" {
entry:
  %kbuf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %kbuf, i8 0, i64 16, i1 false)
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %kbuf, i32 16, ptr @.fmt, ptr null, i32 0)
  %v = call ptr inttoptr (i64 1 to ptr)(ptr @m, ptr %kbuf)
  %isnull = icmp eq ptr %v, null
  %r = select i1 %isnull, i32 1, i32 2
  ret i32 %r
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
