; -bpf-helperguard-mode=warn changes nothing and warns at the call, naming
; the buffer, the helper, the program type, the kernels and the read that
; may be folded; mode=off says nothing and changes nothing.
; RUN: %opt -S %s -o %t.plain.ll
; RUN: %hgopt -bpf-helperguard-mode=warn -S %s -o %t.warn.ll 2>%t.err
; RUN: diff %t.plain.ll %t.warn.ll
; RUN: FileCheck %s < %t.err
; RUN: %hgopt -bpf-helperguard-mode=off -S %s -o %t.off.ll 2>&1 | count 0
; RUN: diff %t.plain.ll %t.off.ll
; CHECK: warning: warn.c:7:3: helperguard: bpf_d_path writes 'path' but on kernels 6.14-6.18.4 (lsm) the verifier keeps believing the old contents and may fold the read at warn.c:9:7 and drop the code it thinks dead; compile with -mllvm -bpf-helperguard-mode=fix to guard it

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define dso_local i32 @prog(ptr %ctx) section "lsm/bprm_check_security" !dbg !5 {
  %path = alloca [32 x i8], align 1
  call void @llvm.dbg.declare(metadata ptr %path, metadata !9, metadata !DIExpression()), !dbg !14
  call void @llvm.memset.p0.i64(ptr align 1 %path, i8 0, i64 32, i1 false), !dbg !14
  %f = load ptr, ptr %ctx, align 8
  %r = call i64 inttoptr (i64 147 to ptr)(ptr %f, ptr %path, i32 32), !dbg !15
  %c = load i8, ptr %path, align 1, !dbg !16
  %cmp = icmp eq i8 %c, 47
  %ret = select i1 %cmp, i32 -1, i32 0
  ret i32 %ret
}

declare void @llvm.dbg.declare(metadata, metadata, metadata)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "test", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "warn.c", directory: "/tmp")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "prog", scope: !1, file: !1, line: 4, type: !6, scopeLine: 4, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{!8}
!8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!9 = !DILocalVariable(name: "path", scope: !5, file: !1, line: 6, type: !10)
!10 = !DICompositeType(tag: DW_TAG_array_type, baseType: !11, size: 256, elements: !12)
!11 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_signed_char)
!12 = !{!13}
!13 = !DISubrange(count: 32)
!14 = !DILocation(line: 6, column: 8, scope: !5)
!15 = !DILocation(line: 7, column: 3, scope: !5)
!16 = !DILocation(line: 9, column: 7, scope: !5)
