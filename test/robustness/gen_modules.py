"""Random BPF modules that call helpers with stack buffers in random shapes.

gen_module(seed) returns the text of one module: deterministic in the seed,
so a failing seed reproduces. Shapes: buffers of random sizes (zero-size,
one byte, odd, up to far beyond the 512-byte BPF stack), initialised by
constant stores, memset (zero or not, constant or variable length), copies
from constant globals, copies from other buffers, values loaded from the
context, in branches and loops; reached by the helper through GEPs, phis,
selects, loops that advance a pointer, -O0 style pointer slots and static
or global subprograms; sizes constant, variable, zero or larger than the
buffer; buffers escaping to globals, to maps (bpf_map_update_elem) and
through ptrtoint; reads after the call by loads, variable-index loads,
copies and subprograms; helpers that are affected, unaffected, unknown to
the database and newer than it.
"""

import random

# (id, program section, arg layout). Layouts: "snprintf" (buf, size, fmt,
# data, len), "dpath" (ctx ptr, buf, size), "stack" (ctx, buf, size, flags),
# "fib" (ctx, buf, size, flags), "btf" (buf, size, ptr, size, flags),
# "comm" (buf, size), "probe" (buf, size, src), "plain" (buf, size).
HELPERS = [
    (165, "snprintf"),  # bpf_snprintf: stale on 6.14-6.18
    (147, "dpath"),     # bpf_d_path
    (67, "stack"),      # bpf_get_stack
    (69, "fib"),        # bpf_fib_lookup
    (119, "stack"),     # bpf_read_branch_records
    (149, "btf"),       # bpf_snprintf_btf
    (16, "comm"),       # bpf_get_current_comm: declares MEM_WRITE
    (4, "probe"),       # bpf_probe_read: not affected
    (113, "probe"),     # bpf_probe_read_kernel
    (1, "plain"),       # bpf_map_lookup_elem: not in the database
    (2, "plain"),       # bpf_map_update_elem: reads key and value
    (212, "plain"),     # a helper newer than the database
    (4000, "snprintf"), # far newer
]

SECTIONS = [
    "xdp", "tc", "classifier", "kprobe/do_sys_open", "tracepoint/syscalls/x",
    "raw_tp/sys_enter", "raw_tracepoint/sched_switch", "tp_btf/sched_switch",
    "fentry/do_unlinkat", "fexit/vfs_read", "lsm/bprm_check_security",
    "perf_event", "socket", "cgroup_skb/ingress", "struct_ops/x",
    "not_a_known_section", ".text", None,
]

HEADER = """target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"
target triple = "{triple}"

@.fmt = private unnamed_addr constant [4 x i8] c"%d\\0A\\00", align 1
@.init = private unnamed_addr constant [40 x i8] c"0123456789abcdefghijklmnopqrstuvwxyzABCD", align 1
@sink = dso_local global i64 0, align 8
@psink = dso_local global ptr null, align 8
@map = dso_local global [32 x i8] zeroinitializer, section ".maps", align 8

declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.lifetime.start.p0(ptr)
declare void @llvm.lifetime.end.p0(ptr)
"""


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n = 0
        self.subs = []

    def tmp(self, p="v"):
        self.n += 1
        return "%%%s%d" % (p, self.n)

    def choice(self, xs):
        return self.r.choice(xs)

    def size(self):
        return self.choice([0, 1, 3, 4, 7, 8, 12, 16, 16, 16, 24, 32, 33, 64,
                            100, 256, 512, 600, 4096])

    def init(self, out, buf, n, ctx):
        """Initialise some bytes of buf ([n x i8]) in a random way."""
        if n == 0:
            return
        k = self.choice(["memset0", "memsetc", "memsetvar", "stores", "copy",
                         "ctxload", "none", "branch", "loop", "partial",
                         "copyother", "storeptr"])
        if k == "memset0":
            out.append("  call void @llvm.memset.p0.i64(ptr align %d %s, i8 0, i64 %d, i1 %s)"
                       % (self.choice([1, 4, 8]) if n % 8 == 0 else 1, buf, n,
                          self.choice(["false", "false", "true"])))
        elif k == "memsetc":
            m = self.r.randint(1, n)
            out.append("  call void @llvm.memset.p0.i64(ptr %s, i8 %d, i64 %d, i1 false)"
                       % (buf, self.r.randint(-128, 127), m))
        elif k == "memsetvar":
            v = self.tmp()
            out.append("  %s = load i64, ptr %s" % (v, ctx))
            v2 = self.tmp()
            out.append("  %s = and i64 %s, %d" % (v2, v, max(n - 1, 0)))
            out.append("  call void @llvm.memset.p0.i64(ptr %s, i8 0, i64 %s, i1 false)" % (buf, v2))
        elif k in ("stores", "partial"):
            for _ in range(self.r.randint(1, 4)):
                w = self.choice([1, 2, 4, 8])
                if w > n:
                    w = 1
                off = self.r.randrange(0, n - w + 1)
                p = self.tmp("p")
                out.append("  %s = getelementptr inbounds i8, ptr %s, i64 %d" % (p, buf, off))
                val = self.choice(["0", str(self.r.randint(-1000, 1000))])
                out.append("  store i%d %s, ptr %s, align 1" % (w * 8, val, p))
        elif k == "copy":
            m = self.r.randint(1, min(n, 40))
            out.append("  call void @llvm.memcpy.p0.p0.i64(ptr %s, ptr @.init, i64 %d, i1 false)" % (buf, m))
        elif k == "copyother":
            o = self.tmp("o")
            m = min(n, 16)
            out.append("  %s = alloca [16 x i8], align 8" % o)
            out.append("  store i64 7, ptr %s" % o)
            out.append("  call void @llvm.memcpy.p0.p0.i64(ptr %s, ptr %s, i64 %d, i1 false)" % (buf, o, m))
        elif k == "ctxload":
            v = self.tmp()
            out.append("  %s = load i8, ptr %s" % (v, ctx))
            out.append("  store i8 %s, ptr %s" % (v, buf))
        elif k == "storeptr":
            if n >= 8:
                out.append("  store ptr null, ptr %s, align 1" % buf)
        elif k == "branch":
            c = self.tmp("c")
            v = self.tmp()
            t, e, j = self.tmp("bb")[1:], self.tmp("bb")[1:], self.tmp("bb")[1:]
            out.append("  %s = load i32, ptr %s" % (v, ctx))
            out.append("  %s = icmp eq i32 %s, 0" % (c, v))
            out.append("  br i1 %s, label %%%s, label %%%s" % (c, t, e))
            out.append("%s:" % t)
            out.append("  store i8 0, ptr %s" % buf)
            out.append("  br label %%%s" % j)
            out.append("%s:" % e)
            out.append("  store i8 1, ptr %s" % buf)
            out.append("  br label %%%s" % j)
            out.append("%s:" % j)
        elif k == "loop":
            self.loop(out, lambda i: [
                "  %s = getelementptr inbounds i8, ptr %s, i64 %s" % (self.tmp("q"), buf, i),
                "  store i8 0, ptr %%q%d" % self.n], min(n, 16))

    def loop(self, out, body, trips):
        pre = self.tmp("bb")[1:]
        head = self.tmp("bb")[1:]
        ex = self.tmp("bb")[1:]
        i = self.tmp("i")
        i2 = self.tmp("i")
        c = self.tmp("c")
        out.append("  br label %%%s" % pre)
        out.append("%s:" % pre)
        out.append("  br label %%%s" % head)
        out.append("%s:" % head)
        out.append("  %s = phi i64 [ 0, %%%s ], [ %s, %%%s ]" % (i, pre, i2, head))
        out.extend(body(i))
        out.append("  %s = add i64 %s, 1" % (i2, i))
        out.append("  %s = icmp ult i64 %s, %d" % (c, i2, max(trips, 1)))
        out.append("  br i1 %s, label %%%s, label %%%s" % (c, head, ex))
        out.append("%s:" % ex)

    def size_arg(self, n, ctx, out, ty="i32"):
        k = self.choice(["exact", "exact", "exact", "zero", "bigger", "var",
                         "smaller"])
        if k == "exact":
            return str(n)
        if k == "zero":
            return "0"
        if k == "bigger":
            return str(n + self.r.randint(1, 64))
        if k == "smaller":
            return str(self.r.randint(0, max(n, 1)))
        v = self.tmp()
        out.append("  %s = load %s, ptr %s" % (v, ty, ctx))
        return v

    def call(self, out, hid, layout, ptr, n, ctx):
        res = self.tmp("r")
        fn = "inttoptr (i64 %d to ptr)" % hid
        if self.r.random() < 0.1:
            # -O0: through a load of a constant function-pointer global.
            g = "@hfp%d" % hid
            if g not in self.globals:
                self.globals[g] = "%s = internal constant ptr inttoptr (i64 %d to ptr), align 8" % (g, hid)
            fn = self.tmp("f")
            out.append("  %s = load ptr, ptr %s, align 8" % (fn, g))
        s = self.size_arg(n, ctx, out)
        if layout == "snprintf":
            out.append("  %s = call i64 %s(ptr %s, i32 %s, ptr @.fmt, ptr null, i32 0)" % (res, fn, ptr, s))
        elif layout == "dpath":
            out.append("  %s = call i64 %s(ptr %s, ptr %s, i32 %s)" % (res, fn, ctx, ptr, s))
        elif layout in ("stack", "fib"):
            out.append("  %s = call i64 %s(ptr %s, ptr %s, i32 %s, i64 0)" % (res, fn, ctx, ptr, s))
        elif layout == "btf":
            out.append("  %s = call i64 %s(ptr %s, i32 %s, ptr %s, i32 8, i64 0)" % (res, fn, ptr, s, ctx))
        elif layout == "comm":
            out.append("  %s = call i64 %s(ptr %s, i32 %s)" % (res, fn, ptr, s))
        elif layout == "probe":
            out.append("  %s = call i64 %s(ptr %s, i32 %s, ptr %s)" % (res, fn, ptr, s, ctx))
        else:
            out.append("  %s = call i64 %s(ptr @map, ptr %s, ptr %s, i64 0)" % (res, fn, ptr, ptr))
        return res

    def reads(self, out, buf, n, ctx, acc):
        """Read some bytes of buf after the call; fold them into acc."""
        if n == 0:
            return acc
        for _ in range(self.r.randint(0, 3)):
            k = self.choice(["load", "load", "varidx", "copyout", "sub",
                             "escape", "mapupd", "ptrtoint", "none"])
            if k == "load":
                w = self.choice([1, 2, 4, 8])
                if w > n:
                    w = 1
                off = self.r.randrange(0, n - w + 1)
                p, v, z, a = self.tmp("p"), self.tmp(), self.tmp(), self.tmp()
                out.append("  %s = getelementptr inbounds i8, ptr %s, i64 %d" % (p, buf, off))
                out.append("  %s = load i%d, ptr %s, align 1" % (v, w * 8, p))
                out.append(("  %s = zext i%d %s to i64" % (z, w * 8, v)) if w < 8
                           else ("  %s = add i64 %s, 0" % (z, v)))
                out.append("  %s = add i64 %s, %s" % (a, acc, z))
                acc = a
            elif k == "varidx":
                i, i2, p, v, z, a = [self.tmp() for _ in range(6)]
                out.append("  %s = load i64, ptr %s" % (i, ctx))
                out.append("  %s = urem i64 %s, %d" % (i2, i, n))
                out.append("  %s = getelementptr inbounds i8, ptr %s, i64 %s" % (p, buf, i2))
                out.append("  %s = load i8, ptr %s" % (v, p))
                out.append("  %s = zext i8 %s to i64" % (z, v))
                out.append("  %s = add i64 %s, %s" % (a, acc, z))
                acc = a
            elif k == "copyout":
                o = self.tmp("o")
                m = min(n, 8)
                out.append("  %s = alloca i64, align 8" % o)
                out.append("  call void @llvm.memcpy.p0.p0.i64(ptr %s, ptr %s, i64 %d, i1 false)" % (o, buf, m))
                v, a = self.tmp(), self.tmp()
                out.append("  %s = load i64, ptr %s" % (v, o))
                out.append("  %s = add i64 %s, %s" % (a, acc, v))
                acc = a
            elif k == "sub":
                v, a = self.tmp(), self.tmp()
                out.append("  %s = call i64 @reader(ptr %s)" % (v, buf))
                out.append("  %s = add i64 %s, %s" % (a, acc, v))
                acc = a
            elif k == "escape":
                out.append("  store ptr %s, ptr @psink, align 8" % buf)
            elif k == "mapupd":
                out.append("  %s = call i64 inttoptr (i64 2 to ptr)(ptr @map, ptr %s, ptr %s, i64 0)"
                           % (self.tmp(), buf, buf))
            elif k == "ptrtoint":
                v = self.tmp()
                out.append("  %s = ptrtoint ptr %s to i64" % (v, buf))
                out.append("  store i64 %s, ptr @sink, align 8" % v)
        return acc

    def shape_ptr(self, out, bufs, ctx):
        """The pointer the helper gets: a buffer, a GEP, a phi or a select."""
        (b, n) = self.choice(bufs)
        k = self.choice(["direct", "direct", "gep", "select", "phi", "slot",
                         "advance"])
        if k == "gep" and n > 1:
            off = self.r.randrange(0, n)
            p = self.tmp("p")
            out.append("  %s = getelementptr inbounds i8, ptr %s, i64 %d" % (p, b, off))
            return p, n - off
        if k in ("select", "phi") and len(bufs) > 1:
            (b2, n2) = self.choice(bufs)
            v, c = self.tmp(), self.tmp("c")
            out.append("  %s = load i32, ptr %s" % (v, ctx))
            out.append("  %s = icmp sgt i32 %s, 5" % (c, v))
            if k == "select":
                s = self.tmp("s")
                out.append("  %s = select i1 %s, ptr %s, ptr %s" % (s, c, b, b2))
                return s, min(n, n2)
            t, e, j = self.tmp("bb")[1:], self.tmp("bb")[1:], self.tmp("bb")[1:]
            ph = self.tmp("ph")
            out.append("  br i1 %s, label %%%s, label %%%s" % (c, t, e))
            out.append("%s:" % t)
            out.append("  br label %%%s" % j)
            out.append("%s:" % e)
            out.append("  br label %%%s" % j)
            out.append("%s:" % j)
            out.append("  %s = phi ptr [ %s, %%%s ], [ %s, %%%s ]" % (ph, b, t, b2, e))
            return ph, min(n, n2)
        if k == "slot":
            s, l = self.tmp("slot"), self.tmp("l")
            out.append("  %s = alloca ptr, align 8" % s)
            out.append("  store ptr %s, ptr %s, align 8" % (b, s))
            out.append("  %s = load ptr, ptr %s, align 8" % (l, s))
            return l, n
        if k == "advance" and n > 4:
            # A pointer advanced in a loop: its offset is unknown.
            pre, head, ex = self.tmp("bb")[1:], self.tmp("bb")[1:], self.tmp("bb")[1:]
            p, p2, i, i2, c = self.tmp("p"), self.tmp("p"), self.tmp("i"), self.tmp("i"), self.tmp("c")
            out.append("  br label %%%s" % pre)
            out.append("%s:" % pre)
            out.append("  br label %%%s" % head)
            out.append("%s:" % head)
            out.append("  %s = phi ptr [ %s, %%%s ], [ %s, %%%s ]" % (p, b, pre, p2, head))
            out.append("  %s = phi i64 [ 0, %%%s ], [ %s, %%%s ]" % (i, pre, i2, head))
            out.append("  %s = getelementptr inbounds i8, ptr %s, i64 1" % (p2, p))
            out.append("  %s = add i64 %s, 1" % (i2, i))
            out.append("  %s = icmp ult i64 %s, 3" % (c, i2))
            out.append("  br i1 %s, label %%%s, label %%%s" % (c, head, ex))
            out.append("%s:" % ex)
            return p, n - 3
        return b, n

    def program(self, name, section, ctx="%ctx"):
        out = []
        sec = (' section "%s"' % section) if section else ""
        link = self.choice(["dso_local", "dso_local", "internal"]) if section is None else "dso_local"
        out.append("define %s i32 @%s(ptr %%ctx)%s {" % (link, name, sec))
        out.append("entry:")
        bufs = []
        allocas = []
        for _ in range(self.r.randint(1, 3)):
            n = self.size()
            b = self.tmp("buf")
            ty = self.choice(["[%d x i8]" % n, "[%d x i8]" % n,
                              "{ i32, [%d x i8] }" % n if n else "[0 x i8]"])
            align = self.choice([1, 2, 4, 8])
            out.append("  %s = alloca %s, align %d" % (b, ty, align))
            allocas.append(b)
            if ty.startswith("{"):
                p = self.tmp("p")
                out.append("  %s = getelementptr inbounds i8, ptr %s, i64 4" % (p, b))
                bufs.append((p, n))
            else:
                bufs.append((b, n))
        for b in allocas:
            if self.r.random() < 0.2:
                out.append("  call void @llvm.lifetime.start.p0(ptr %s)" % b)
        for (b, n) in bufs:
            self.init(out, b, n, ctx)
        acc = "0"
        calls = self.r.randint(1, 3)
        for _ in range(calls):
            hid, layout = self.choice(HELPERS)
            ptr, n = self.shape_ptr(out, bufs, ctx)
            how = self.choice(["plain", "plain", "loop", "sub"])
            if how == "loop":
                self.loop(out, lambda i: self._call_lines(hid, layout, ptr, n, ctx), self.r.randint(1, 4))
            elif how == "sub":
                # The helper called by a static (or global) subprogram that
                # gets the buffer as a parameter.
                sub = "@callsub%d" % len(self.subs)
                static = self.r.random() < 0.8
                body = []
                self._sub_body = body
                lines = self._call_lines(hid, layout, "%b", n, "%c")
                self.subs.append("define %s i64 @%s(ptr %%b, ptr %%c) {\nentry:\n%s\n  ret i64 0\n}\n"
                                 % ("internal" if static else "dso_local", sub[1:], "\n".join(lines)))
                out.append("  %s = call i64 %s(ptr %s, ptr %s)" % (self.tmp(), sub, ptr, ctx))
            else:
                self._call_into(out, hid, layout, ptr, n, ctx)
            if self.r.random() < 0.3:
                self.init(out, ptr, min(n, 8), ctx)
            for (b, bn) in bufs:
                acc = self.reads(out, b, bn, ctx, acc)
        t = self.tmp()
        out.append("  %s = trunc i64 %s to i32" % (t, acc))
        for b in allocas:
            if self.r.random() < 0.2:
                out.append("  call void @llvm.lifetime.end.p0(ptr %s)" % b)
        out.append("  ret i32 %s" % t)
        out.append("}")
        return "\n".join(out) + "\n"

    def _call_lines(self, hid, layout, ptr, n, ctx):
        lines = []
        self.call(lines, hid, layout, ptr, n, ctx)
        return lines

    def _call_into(self, out, hid, layout, ptr, n, ctx):
        self.call(out, hid, layout, ptr, n, ctx)

    def module(self):
        self.globals = {}
        triple = self.choice(["bpf", "bpf", "bpfel", "bpf-unknown-none"])
        progs = []
        for k in range(self.r.randint(1, 3)):
            progs.append(self.program("prog%d" % k, self.choice(SECTIONS)))
        reader = ("define internal i64 @reader(ptr %b) {\nentry:\n"
                  "  %v = load i64, ptr %b, align 1\n  ret i64 %v\n}\n")
        if self.r.random() < 0.3:
            reader = ("define dso_local i64 @reader(ptr %b) {\nentry:\n"
                      "  %v = load i8, ptr %b, align 1\n  %z = zext i8 %v to i64\n  ret i64 %z\n}\n")
        return (HEADER.format(triple=triple) + "\n".join(self.globals.values()) + "\n\n"
                + "\n".join(progs) + "\n" + "\n".join(self.subs) + "\n" + reader)


def gen_module(seed):
    return Gen(seed).module()


if __name__ == "__main__":
    import sys
    sys.stdout.write(gen_module(int(sys.argv[1])))
