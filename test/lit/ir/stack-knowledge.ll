; What a read after the call learns, modelled on the verifier's stack slots
; (check_stack_read_fixed_off, 6.10+): zero bytes read as zero at any
; offset; a fill at a spill's low address keeps the spilled value truncated
; to the fill, so an unknown u32 zero-extended to 64 bits teaches a 32-bit
; fill nothing but a 64-bit fill that the upper half is zero; a fill at any
; other offset of a spill is unknown unless every byte is zero. Only reads
; that learn something the helper's write contradicts are hazards.
; RUN: %hgopt -disable-output -pass-remarks=helperguard \
; RUN:   -pass-remarks-analysis=helperguard %s 2>&1 | FileCheck %s
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -S %s -o %t.pass.ll
; RUN: not diff %t.plain.ll %t.pass.ll > %t.diff
; RUN: FileCheck %s --check-prefix=DIFF < %t.diff

; A u32 context field, zero-extended into a zeroed buffer, read back as u32.
; CHECK: remark: {{.*}}bpf_snprintf left alone: the reads after the call learn nothing the verifier knew of the bytes before it (unknown or full-range values) (in function 'ctx_u32_read32'
; ... read back as u64: the verifier knows the upper half is zero.
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' {{.*}}(in function 'ctx_u32_read64'
; bpf_get_prandom_u32() zero-extended, its upper half read: unknown.
; CHECK: remark: {{.*}}bpf_snprintf left alone: the reads after the call learn nothing {{.*}}(in function 'prandom_read_high'
; ... stored as a 32-bit field (from a u16) and read as u16: full range.
; CHECK: remark: {{.*}}bpf_snprintf left alone: the reads after the call learn nothing {{.*}}(in function 'u16_in_u32_read16'
; ... read as u32: the upper half is known zero.
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' {{.*}}(in function 'u16_in_u32_read32'
; Both halves read in one block: the backend may combine the two fills
; into one 64-bit fill, which learns that the upper half is zero.
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' {{.*}}(in function 'ctx_u32_read_halves'
; Zeroed bytes read at an odd offset: STACK_ZERO.
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' {{.*}}(in function 'zero_read_odd'
; A spilled non-zero constant read inside the spill: unknown.
; CHECK: remark: {{.*}}bpf_snprintf left alone: the reads after the call learn nothing {{.*}}(in function 'const_read_inside'
; ... read at its low address: the constant, truncated.
; CHECK: remark: {{.*}}guarded: bpf_snprintf writes 'buf' {{.*}}(in function 'const_read_start'

; The functions left alone are unchanged.
; DIFF-NOT: define {{.*}}@ctx_u32_read32(
; DIFF-NOT: define {{.*}}@prandom_read_high(
; DIFF-NOT: define {{.*}}@u16_in_u32_read16(
; DIFF-NOT: define {{.*}}@const_read_inside(

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.fmt = private unnamed_addr constant [3 x i8] c"ab\00", align 1

define dso_local i32 @ctx_u32_read32(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %f = getelementptr inbounds i8, ptr %ctx, i64 12
  %v = load i32, ptr %f, align 4
  %w = zext i32 %v to i64
  store i64 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %r = load i32, ptr %buf, align 8
  ret i32 %r
}

define dso_local i32 @ctx_u32_read64(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %f = getelementptr inbounds i8, ptr %ctx, i64 12
  %v = load i32, ptr %f, align 4
  %w = zext i32 %v to i64
  store i64 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %r = load i64, ptr %buf, align 8
  %hi = lshr i64 %r, 32
  %t = trunc i64 %hi to i32
  ret i32 %t
}

define dso_local i32 @prandom_read_high(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  %p = call i32 inttoptr (i64 7 to ptr)()
  %w = zext i32 %p to i64
  store i64 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %hp = getelementptr inbounds i8, ptr %buf, i64 4
  %r = load i32, ptr %hp, align 4
  ret i32 %r
}

define dso_local i32 @u16_in_u32_read16(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  %v = load i16, ptr %ctx, align 4
  %w = zext i16 %v to i32
  store i32 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 4, ptr @.fmt, ptr null, i32 0)
  %r = load i16, ptr %buf, align 8
  %z = zext i16 %r to i32
  ret i32 %z
}

define dso_local i32 @u16_in_u32_read32(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  %v = load i16, ptr %ctx, align 4
  %w = zext i16 %v to i32
  store i32 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 4, ptr @.fmt, ptr null, i32 0)
  %r = load i32, ptr %buf, align 8
  ret i32 %r
}

define dso_local i32 @ctx_u32_read_halves(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  %f = getelementptr inbounds i8, ptr %ctx, i64 12
  %v = load i32, ptr %f, align 4
  %w = zext i32 %v to i64
  store i64 %w, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %lo = load i32, ptr %buf, align 8
  %hp = getelementptr inbounds i8, ptr %buf, i64 4
  %hi = load i32, ptr %hp, align 4
  %r = or i32 %lo, %hi
  ret i32 %r
}

define dso_local i32 @zero_read_odd(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.fmt, ptr null, i32 0)
  %p = getelementptr inbounds i8, ptr %buf, i64 3
  %r = load i8, ptr %p, align 1
  %z = zext i8 %r to i32
  ret i32 %z
}

define dso_local i32 @const_read_inside(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  store i64 478560413032, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %p = getelementptr inbounds i8, ptr %buf, i64 1
  %r = load i8, ptr %p, align 1
  %z = zext i8 %r to i32
  ret i32 %z
}

define dso_local i32 @const_read_start(ptr %ctx) section "xdp" {
  %buf = alloca [16 x i8], align 8
  store i64 478560413032, ptr %buf, align 8
  %n = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 8, ptr @.fmt, ptr null, i32 0)
  %r = load i8, ptr %buf, align 1
  %z = zext i8 %r to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
