; An IPv6 forwarder (XDP) copies the packet's addresses into its
; bpf_fib_lookup struct through a header pointer that went through a phi
; (an optional VLAN tag): a memcpy for the source address, load/store pairs
; for the destination. Packet memory is not on the stack: the verifier knows
; nothing of those bytes, so those copies need no rewriting and do not block
; the cheap technique. Only the zeroing initialiser (whose bytes the program
; reads after the call: the MAC addresses) is rewritten, with init-global,
; and no reload follows the call.
; RUN: %hgopt -S %s | FileCheck %s
; RUN: %hgopt -disable-output -pass-remarks=helperguard %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=REMARK --implicit-check-not=reload
; RUN: %hgopt -verify-each -disable-output %s

; REMARK: remark: {{.*}}guarded: bpf_fib_lookup writes 'fib' (xdp; kernels {{.*}}) with init-global, about {{[0-9]}} BPF instruction(s) added (in function 'prog'
; REMARK-NOT: cannot be rewritten

; CHECK-LABEL: define dso_local i32 @prog(
; CHECK: %hg.zero = load volatile i64, ptr @__helperguard_zero
; CHECK-NOT: call void @llvm.memset
; CHECK: call void @llvm.memcpy.p0.p0.i64(ptr align 4 %src6, ptr align 1 %saddr, i64 16, i1 false)
; CHECK: store i64 %w0, ptr %dst6
; CHECK: store i64 %w1, ptr %dst6b
; CHECK: call i64 inttoptr (i64 69 to ptr)
; CHECK-NOT: hg.reload
; CHECK: ret i32

target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "bpf"

define dso_local i32 @prog(ptr %ctx) section "xdp" {
entry:
  %fib = alloca [64 x i8], align 4
  %d32 = load i32, ptr %ctx, align 4
  %d64 = zext i32 %d32 to i64
  %data = inttoptr i64 %d64 to ptr
  %protop = getelementptr i8, ptr %data, i64 12
  %proto = load i16, ptr %protop, align 1
  %vlan = icmp eq i16 %proto, 129
  br i1 %vlan, label %tagged, label %plain

tagged:
  %p1 = getelementptr i8, ptr %data, i64 18
  br label %join

plain:
  %p0 = getelementptr i8, ptr %data, i64 14
  br label %join

join:
  %ip6 = phi ptr [ %p1, %tagged ], [ %p0, %plain ]
  call void @llvm.memset.p0.i64(ptr align 4 %fib, i8 0, i64 64, i1 false)
  store i8 10, ptr %fib, align 4
  %saddr = getelementptr i8, ptr %ip6, i64 8
  %src6 = getelementptr i8, ptr %fib, i64 16
  call void @llvm.memcpy.p0.p0.i64(ptr align 4 %src6, ptr align 1 %saddr, i64 16, i1 false)
  %daddr = getelementptr i8, ptr %ip6, i64 24
  %w0 = load i64, ptr %daddr, align 1
  %dst6 = getelementptr i8, ptr %fib, i64 32
  store i64 %w0, ptr %dst6, align 4
  %daddr8 = getelementptr i8, ptr %ip6, i64 32
  %w1 = load i64, ptr %daddr8, align 1
  %dst6b = getelementptr i8, ptr %fib, i64 40
  store i64 %w1, ptr %dst6b, align 4
  %r = call i64 inttoptr (i64 69 to ptr)(ptr %ctx, ptr %fib, i32 64, i32 0)
  ; After the call: the next hop (ipv6_dst), the source, the MACs.
  %nh = load i64, ptr %dst6, align 4
  %s = load i64, ptr %src6, align 4
  %dmacp = getelementptr i8, ptr %fib, i64 58
  %dmac = load i8, ptr %dmacp, align 1
  %smacp = getelementptr i8, ptr %fib, i64 52
  %smac = load i8, ptr %smacp, align 1
  %x = xor i64 %nh, %s
  %xt = trunc i64 %x to i8
  %m = or i8 %dmac, %smac
  %y = add i8 %m, %xt
  %z = zext i8 %y to i32
  ret i32 %z
}

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
