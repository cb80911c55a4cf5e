; BPF casts between pointers and integers are no-ops: a stack address that
; went through ptrtoint/inttoptr is still a stack pointer for the verifier.
; The pass cannot follow it (the buffer escapes), so it assumes the hazard
; and says it could not guard the call. A pointer made from a u32 context
; field (a packet pointer) cannot be a stack address: left alone, no warning.
; RUN: %hgopt -disable-output -pass-remarks-analysis=helperguard %s 2>&1 \
; RUN:   | FileCheck %s

; CHECK: warning: {{.*}}helperguard: bpf_snprintf writes its buffer (xdp; kernels {{.*}}) and the verifier may fold the read, but it could not be guarded: cannot tell which stack buffer the helper writes (in function 'round_trip'
; CHECK: remark: {{.*}}bpf_snprintf left alone: argument 1 is not a stack buffer (made from an integer that holds no stack address, such as a packet pointer) (in function 'packet'
; CHECK-NOT: warning

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.fmt = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @round_trip(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %i = ptrtoint ptr %buf to i64
  %p = inttoptr i64 %i to ptr
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %p, i32 16, ptr @.fmt, ptr null, i32 0)
  %c = load i8, ptr %buf, align 8
  %z = zext i8 %c to i32
  ret i32 %z
}

define dso_local i32 @packet(ptr %ctx) section "xdp" {
  %d32 = load i32, ptr %ctx, align 4
  %d64 = zext i32 %d32 to i64
  %data = inttoptr i64 %d64 to ptr
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %data, i32 16, ptr @.fmt, ptr null, i32 0)
  ret i32 2
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
