; A helper id above every id the database knows of (and above the last
; upstream helper, 211): a helper newer than the database. The pass warns
; once per helper and module, and assumes the worst: every pointer argument
; written and undeclared on every targeted kernel that does not clobber.
; Ids up to 211 are all in the database (helper-db/data/extracted.json):
; bpf_map_lookup_elem (1) gets its own verdict.
; RUN: %hgopt -S %s 2>%t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=WARN < %t.err
; RUN: grep -c "is newer than the helper database" %t.err | FileCheck %s --check-prefix=ONCE
; RUN: %hgopt -disable-output -pass-remarks=helperguard -pass-remarks-analysis=helperguard %s 2>&1 | FileCheck %s --check-prefix=REMARK
; On kernels that clobber every helper argument, nothing to do.
; RUN: %hgopt -bpf-helperguard-kernels=6.12 -disable-output -pass-remarks-analysis=helperguard %s 2>&1 | FileCheck %s --check-prefix=OLD

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

; WARN: warning: {{.*}}helperguard: helper #300 is newer than the helper database: assuming it writes every pointer argument without declaring it, on every targeted kernel that does not clobber helper arguments (all); add it with -bpf-helperguard-db=FILE (in function 'prog', at '%a = call i64 inttoptr (i64 300 to ptr)(ptr %buf, i32 16)')
; ONCE: 1
; REMARK: remark: {{.*}}guarded: helper #300 writes 'buf' (xdp; kernels 6.14-) with init-global
; REMARK: remark: {{.*}}bpf_map_lookup_elem left alone: bpf_map_lookup_elem declares every buffer it writes (xdp) (in function 'prog', at '%m = call ptr inttoptr (i64 1 to ptr)(ptr %ctx, ptr %buf)')
; OLD: helper #300 left alone: helper #300 is newer than the helper database, and every targeted kernel clobbers all helper arguments

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %hg.zero = load volatile i64, ptr @__helperguard_zero
; CHECK-NOT: call void @llvm.memset
; CHECK: call i64 inttoptr (i64 300 to ptr)
define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %buf = alloca [16 x i8], align 1
  call void @llvm.memset.p0.i64(ptr align 1 %buf, i8 0, i64 16, i1 false)
  %a = call i64 inttoptr (i64 300 to ptr)(ptr %buf, i32 16)
  %b = call i64 inttoptr (i64 300 to ptr)(ptr %buf, i32 16)
  %m = call ptr inttoptr (i64 1 to ptr)(ptr %ctx, ptr %buf)
  %c = load i8, ptr %buf, align 1
  %z = zext i8 %c to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
