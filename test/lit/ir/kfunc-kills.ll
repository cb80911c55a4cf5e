; kfuncs after which the verifier forgets the buffer on every kernel that
; has them (helper-db kfuncs, measured by the behavioural probe on
; 6.12.117-7.3.4): bpf_path_d_path refilling a zeroed buffer between the
; zeroing and a bpf_snprintf call "kills" the zeroes, as an opaque store
; would, so nothing is stale and nothing changes.
;  @kfunc_refills: the kfunc's write covers the 16 bytes bpf_snprintf writes.
;  @kfunc_refills_part: it covers 8 of them: the other 8 are still known
;    zeroes: guarded.
;  @other_extern: an external function the database does not know reads the
;    buffer and lets it escape (the bytes may be known afterwards): guarded.
;  @kfunc_user_db: with a database saying the verifier keeps its knowledge
;    after bpf_path_d_path on the targeted kernel, the kfunc is no longer a
;    kill: guarded.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -pass-remarks-analysis=helperguard -disable-output %s 2>&1 | FileCheck %s --check-prefix=REASON
; RUN: %hgopt -S -bpf-helperguard-kernels=6.17.13 -bpf-helperguard-db=%S/Inputs/kfunc-kept.json %s | FileCheck %s --check-prefix=USERDB

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

@.str = private unnamed_addr constant [3 x i8] c"ab\00", align 1

; CHECK-LABEL: define dso_local i32 @kfunc_refills(
; CHECK-NOT: hg.zero
; CHECK: ret i32
; REASON: remark: {{.*}}bpf_snprintf left alone: no byte the helper writes is known to the verifier before the call{{.*}}kfunc_refills'
; USERDB-LABEL: define dso_local i32 @kfunc_refills(
; USERDB: %hg.zero
; USERDB: ret i32
define dso_local i32 @kfunc_refills(ptr %path) section "lsm.s/file_open" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %d = call i32 @bpf_path_d_path(ptr %path, ptr %buf, i64 16)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; CHECK-LABEL: define dso_local i32 @kfunc_refills_part(
; CHECK: %hg.zero
; CHECK: ret i32
define dso_local i32 @kfunc_refills_part(ptr %path) section "lsm.s/file_open" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %d = call i32 @bpf_path_d_path(ptr %path, ptr %buf, i64 8)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %p = getelementptr i8, ptr %buf, i64 12
  %c = load i8, ptr %p, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

; CHECK-LABEL: define dso_local i32 @other_extern(
; CHECK: %hg.zero
; CHECK: ret i32
define dso_local i32 @other_extern(ptr %path) section "lsm.s/file_open" {
  %buf = alloca [16 x i8], align 8
  call void @llvm.memset.p0.i64(ptr align 8 %buf, i8 0, i64 16, i1 false)
  %d = call i32 @not_a_known_kfunc(ptr %path, ptr %buf, i64 16)
  %call = call i64 inttoptr (i64 165 to ptr)(ptr %buf, i32 16, ptr @.str, ptr null, i32 0)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare i32 @bpf_path_d_path(ptr, ptr, i64) section ".ksyms"
declare i32 @not_a_known_kfunc(ptr, ptr, i64) section ".ksyms"
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
