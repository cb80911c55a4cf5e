#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""helperguard corpus benchmark (driven by scripts/bench).

Compiles every BPF selftest program of a kernel tree (with the flags of
that tree's own selftests Makefile, read by base_flags(); 6.1 and 7.3
differ) twice, without and with the plugin, and reports:
  files compiled (and why the others do not), helper calls examined, sites
  guarded (file:line, helper, technique), objects byte-identical, compile
  time with/without the plugin (alternating, one run), callgrind instruction
  counts, BPF instructions added per guarded object, and the pass's own time
  on the largest module and on synthetic modules (scaling); with --matrix,
  the verifier's processed instructions (and states, xlated instructions)
  of every program of every guarded object, without and with the plugin,
  on real kernels under QEMU (helperguard matrix).
"""
import argparse
import glob
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def sys_includes(clang):
    """-idirafter for clang's host include dirs, as the selftests' Makefile does."""
    p = subprocess.run([clang, "-v", "-E", "-"], input="", capture_output=True, text=True)
    out, on = [], False
    for line in p.stderr.splitlines():
        if "<...> search starts here:" in line:
            on = True
            continue
        if "End of search list." in line:
            break
        if on and line.startswith(" /"):
            out += ["-idirafter", line.strip()]
    return out


# ------------------------------------------------- the tree's own flags
#
# The flags come from the corpus tree's tools/testing/selftests/bpf/Makefile,
# as its test_progs runner builds progs/X.c into X.bpf.o:
#   $(CLANG) $(TRUNNER_BPF_CFLAGS) [per-file] <CLANG_BPF_BUILD_RULE's flags> -c X.c -o X.bpf.o
# with TRUNNER_BPF_CFLAGS the value assigned just before
# `$(eval $(call DEFINE_TEST_RUNNER,test_progs))` (6.1 and 7.3:
# $(BPF_CFLAGS) $(CLANG_CFLAGS) -DENABLE_ATOMICS_TESTS). The variables are
# expanded here (a small subset of make: $(VAR), $(if), $(abspath),
# $(call get_sys_includes)); anything else stops the bench with its name.
# Adjustments, each printed:
#   - -Werror is left out: clang 22 warns where the trees' own clang did not,
#     and a warning is not what this bench measures (the objects are the same);
#   - $(INCLUDE_DIR) (the build's scratch include dir: vmlinux.h + libbpf's
#     headers) becomes -I<CORPUS_VMLINUX> -I<CORPUS_INC>;
#   - an -I of a directory the corpus does not have is dropped (6.1's
#     $(OUTPUT)/../usr/include: fetch-corpus installs the uapi headers there
#     for the other series only).
# Per-file flags: `$(OUTPUT)/X.o: BPF_CFLAGS += F` (the -fno-inline of
# test_l4lb_noinline.c and test_xdp_noinline.c in 6.1 and 7.3) and
# `progs/X.c-CFLAGS := F`. Note: make itself never applies the former to the
# program (it builds X.bpf.o, not X.o, and TRUNNER_BPF_CFLAGS is expanded with
# := before; `make -n` of 7.3's tree prints no -fno-inline); bench applies it,
# as the Makefile's authors meant, and as the 6.1 numbers were measured.

# Values make would compute on this machine (x86_64, no cross compiler).
_MAKE_KNOWN = {"SRCARCH": "x86", "IS_LITTLE_ENDIAN": "1", "CROSS_COMPILE": "",
               "CLANG_TARGET_ARCH": "", "ARCH": "x86"}
_INCLUDE_DIR = "\x00INCLUDE_DIR\x00"
_SYS_INCLUDES = "\x00SYS_INCLUDES\x00"
_makefile_cache = {}


def _read_makefile(path):
    """Top-level assignments, target-specific `+=` lines and defines of a Makefile."""
    with open(path) as fh:
        raw = fh.read().split("\n")
    lines, i = [], 0
    while i < len(raw):            # join continuation lines, keep the first line number
        no, text = i + 1, raw[i]
        while text.endswith("\\") and i + 1 < len(raw):
            i += 1
            text = text[:-1] + " " + raw[i]
        lines.append((no, text))
        i += 1
    assigns, targets, defines, order = {}, [], {}, []
    it = iter(lines)
    for no, text in it:
        m = re.match(r"define\s+(\S+)", text)
        if m:
            body = []
            for _, t in it:
                if t.strip() == "endef":
                    break
                body.append(t)
            defines[m.group(1)] = (body, no)
            continue
        if text.startswith("\t"):
            continue
        code = text.split("#", 1)[0].rstrip()
        m = re.match(r"([A-Za-z_][A-Za-z0-9_./-]*)\s*(:=|\?=|\+=|=)\s*(.*)$", code)
        if m:
            assigns.setdefault(m.group(1), []).append((m.group(2), m.group(3).strip(), no))
            order.append((no, m.group(1)))
            continue
        m = re.match(r"(\S+):\s*([A-Za-z_]+)\s*\+=\s*(.*)$", code)
        if m:
            targets.append((m.group(1), m.group(2), m.group(3).strip(), no))
        m = re.match(r"\$\(eval \$\(call DEFINE_TEST_RUNNER,test_progs\)\)", code.strip())
        if m:
            order.append((no, "<test_progs>"))
    return assigns, targets, defines, order


class _Make:
    def __init__(self, path, env):
        self.path = path
        self.assigns, self.targets, self.defines, self.order = _read_makefile(path)
        self.env = env

    def value(self, name, before=None):
        """The value of a variable (its last assignment before line `before`, else its first)."""
        if name in self.env:
            return self.env[name]
        defs = self.assigns.get(name)
        if not defs:
            raise KeyError(name)
        if before is not None:
            prior = [d for d in defs if d[2] < before]
            if prior:
                return prior[-1][1]
        return defs[0][1]

    def expand(self, text):
        out, i = [], 0
        while i < len(text):
            if text.startswith("$$", i):
                out.append("$")
                i += 2
            elif text.startswith("$(", i):
                depth, j = 0, i + 1
                while j < len(text):
                    depth += {"(": 1, ")": -1}.get(text[j], 0)
                    if depth == 0:
                        break
                    j += 1
                out.append(self.function(text[i + 2:j]))
                i = j + 1
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def function(self, inner):
        m = re.match(r"(if|abspath|call)\s+(.*)$", inner, re.S)
        if not m:
            try:
                return self.expand(self.value(inner.strip()))
            except KeyError:
                raise RuntimeError("bench: cannot evaluate $(%s) of %s (add it to bench.py's _MAKE_KNOWN)"
                                   % (inner, self.path))
        fn, args = m.group(1), m.group(2)
        if fn == "if":
            parts = _split_args(args)
            cond = self.expand(parts[0]).strip()
            return self.expand(parts[1] if cond else (parts[2] if len(parts) > 2 else ""))
        if fn == "abspath":
            return os.path.normpath(os.path.join(self.env["CURDIR"], self.expand(args).strip()))
        if _split_args(args)[0].strip() == "get_sys_includes":
            return _SYS_INCLUDES
        raise RuntimeError("bench: cannot evaluate $(%s) of %s" % (inner, self.path))


def _split_args(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        cur += ch
    return parts + [cur]


def makefile_flags(a, selftests):
    """(flags, per_file, origins) of the tree's own Makefile; origins: [(flag, where)]."""
    key = (selftests, a.vmlinux, a.inc, a.clang)
    if key in _makefile_cache:
        return _makefile_cache[key]
    path = os.path.join(selftests, "Makefile")
    mk = _Make(path, dict(_MAKE_KNOWN, CURDIR=selftests, OUTPUT=selftests, CLANG=a.clang,
                          INCLUDE_DIR=_INCLUDE_DIR))
    rel = os.path.relpath(path, a.src)
    runner = [no for no, n in mk.order if n == "<test_progs>"]
    if not runner:
        raise RuntimeError("bench: no $(eval $(call DEFINE_TEST_RUNNER,test_progs)) in " + path)
    runner = runner[0]
    trunner = [d for d in mk.assigns.get("TRUNNER_BPF_CFLAGS", []) if d[2] < runner][-1]
    rule_name = mk.value("TRUNNER_BPF_BUILD_RULE", runner).strip()
    body, rule_no = mk.defines[rule_name]
    clang_line = [l for l in body if "$(CLANG)" in l][0]
    rule = clang_line.split("$(CLANG)", 1)[1].split("$(if $(PERMISSIVE)", 1)[0]
    rule = re.sub(r"(^|\s)\$3(\s|$)", " ", rule)
    rule = re.sub(r"-c\s+\$1|-o\s+\$2", " ", rule)

    sysinc = sys_includes(a.clang)
    origins = []

    def add(text, where):
        for tok in mk.expand(text).split():
            if tok == _SYS_INCLUDES:
                for x in sysinc:
                    origins.append((x, where + " (clang -v -E: get_sys_includes)"))
            elif tok == "-I" + _INCLUDE_DIR:
                origins.append(("-I" + a.vmlinux, where + " ($(INCLUDE_DIR): vmlinux.h)"))
                origins.append(("-I" + a.inc, where + " ($(INCLUDE_DIR): libbpf headers)"))
            else:
                origins.append((tok, where))

    # TRUNNER_BPF_CFLAGS, one top-level reference at a time (for the origins)
    for ref, lit in re.findall(r"\$\(([A-Za-z_]+)\)|(\S+)", trunner[1]):
        if ref:
            defs = mk.assigns.get(ref) or [("=", "", 0)]
            add("$(%s)" % ref, "%s (%s:%d)" % (ref, rel, defs[0][2]))
        else:
            add(lit, "TRUNNER_BPF_CFLAGS (%s:%d)" % (rel, trunner[2]))
    add(rule, "%s (%s:%d)" % (rule_name, rel, rule_no))

    flags, left_out = [], []
    for tok, where in origins:
        if tok == "-Werror":
            left_out.append((tok, where, "clang 22 warns where the tree's clang did not; warnings are not measured"))
        elif tok.startswith("-I") and not os.path.isdir(tok[2:]):
            left_out.append((tok, where, "directory not in this corpus"))
        else:
            flags.append(tok)
    per_file = {}
    for target, var, val, no in mk.targets:
        if var == "BPF_CFLAGS" and target.startswith("$(OUTPUT)/") and target.endswith(".o"):
            f = target[len("$(OUTPUT)/"):-2] + ".c"
            per_file.setdefault(f, []).extend(mk.expand(val).split())
            origins.append((f + ": " + val, "%s:%d (target-specific; make itself does not apply it to %s.bpf.o)"
                            % (rel, no, f[:-2])))
    for name, defs in mk.assigns.items():
        m = re.match(r"progs/(.+\.c)-CFLAGS$", name)
        if m:
            per_file.setdefault(m.group(1), []).extend(mk.expand(defs[-1][1]).split())
            origins.append((m.group(1) + ": " + defs[-1][1], "%s:%d" % (rel, defs[-1][2])))
    res = (flags, per_file, {"origins": origins, "left_out": left_out})
    _makefile_cache[key] = res
    return res


# The per-file flags of the last tree base_flags() read (6.1's until then);
# test/oracle/oracle.py reads it after calling base_flags().
PER_FILE = {"test_l4lb_noinline.c": ["-fno-inline"],
            "test_xdp_noinline.c": ["-fno-inline"]}


def base_flags(a, selftests):
    """The flags the tree's own Makefile compiles progs/*.c with (see above);
    a needs .src, .vmlinux, .inc and .clang. Sets PER_FILE for this tree."""
    flags, per_file, _ = makefile_flags(a, selftests)
    PER_FILE.clear()
    PER_FILE.update(per_file)
    return flags


def print_flag_origins(a, selftests):
    _, per_file, info = makefile_flags(a, selftests)
    log("bench: compile flags, from the corpus's own Makefile:")
    groups = []
    for tok, where in info["origins"]:
        if groups and groups[-1][0] == where:
            groups[-1][1].append(tok)
        else:
            groups.append((where, [tok]))
    for where, toks in groups:
        log("  %s: %s" % (where, " ".join(toks)))
    for tok, where, why in info["left_out"]:
        log("  left out %s (%s): %s" % (tok, where, why))


def run(cmd, **kw):
    """Run cmd; return (rc, stderr, cpu seconds of the child, wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, err = p.communicate()
    wall = time.perf_counter() - t0
    return p.returncode, err.decode(errors="replace"), wall


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def first_error(err):
    for line in err.splitlines():
        if "error:" in line:
            return line.split("error:", 1)[1].strip()
    lines = [l for l in err.splitlines() if l.strip()]
    return lines[-1] if lines else "failed without a message"


def classify(msg):
    m = msg
    if "file not found" in m:
        return "missing header: " + re.sub(r"^'([^']+)'.*", r"\1", m)
    if "redefinition" in m or "conflicting types" in m or "typedef redefinition" in m:
        return "vmlinux.h vs uapi header clash"
    if "no member named" in m or "incomplete" in m or "unknown type name" in m \
            or "undeclared" in m or "use of undeclared" in m:
        return "type/field not in vmlinux.h (the BTF used) or the headers"
    if "crash" in m.lower() or "stack dump" in m.lower() or "PLEASE submit" in m:
        return "clang crash"
    return "other: " + m[:80]


def compile_one(a, flags, f, outdir):
    name = os.path.basename(f)[:-2]
    extra = PER_FILE.get(os.path.basename(f), [])
    base_o = os.path.join(outdir, "base", name + ".o")
    hg_o = os.path.join(outdir, "hg", name + ".o")
    rep = os.path.join(outdir, "reports", name + ".json")
    r = {"file": os.path.basename(f), "name": name}
    rc, err, _ = run([a.clang] + flags + extra + ["-c", f, "-o", base_o])
    if rc != 0:
        r["status"] = "fail"
        r["why"] = first_error(err)
        return r
    rc, err2, _ = run([a.clang] + flags + extra +
                      ["-fpass-plugin=" + a.plugin, "-mllvm", "-bpf-helperguard-report=" + rep,
                       "-c", f, "-o", hg_o])
    if rc != 0:
        r["status"] = "plugin-fail"
        r["why"] = first_error(err2)
        r["stderr"] = err2[-4000:]
        return r
    r["status"] = "ok"
    with open(base_o, "rb") as x, open(hg_o, "rb") as y:
        r["identical"] = x.read() == y.read()
    try:
        with open(rep) as fh:
            r["sites"] = json.load(fh).get("sites", [])
    except (OSError, ValueError) as e:
        r["sites"] = []
        r["report_error"] = str(e)
    r["size"] = os.path.getsize(f)
    return r


def text_insns(objdump, obj):
    """BPF instruction slots in executable sections (8 bytes each; ld_imm64 = 2)."""
    p = subprocess.run([objdump, "-h", obj], capture_output=True, text=True)
    total = 0
    lines = p.stdout.splitlines()
    for line in lines:
        parts = line.split()
        # Idx Name Size VMA Type
        if len(parts) >= 5 and parts[0].isdigit() and "TEXT" in parts[4:]:
            total += int(parts[2], 16) // 8
    return total


def timing(a, flags, files, outdir):
    """Compile each file without/with the plugin, alternating (ABBA per round)."""
    tb = {"base": 0.0, "hg": 0.0}
    wb = {"base": 0.0, "hg": 0.0}
    tmp = os.path.join(outdir, "timing.o")
    for rnd in range(a.reps):
        for i, f in enumerate(files):
            extra = PER_FILE.get(os.path.basename(f), [])
            order = ["base", "hg"] if (i + rnd) % 2 == 0 else ["hg", "base"]
            for which in order:
                cmd = [a.clang] + flags + extra + ["-c", f, "-o", tmp]
                if which == "hg":
                    cmd.insert(1, "-fpass-plugin=" + a.plugin)
                c0 = child_cpu()
                _, _, wall = run(cmd)
                tb[which] += child_cpu() - c0
                wb[which] += wall
    return tb, wb


def callgrind(a, flags, f, outdir, plugin):
    name = os.path.basename(f)[:-2]
    cg = os.path.join(outdir, "callgrind.%s.%s" % (name, "hg" if plugin else "base"))
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg, a.clang] + flags \
        + PER_FILE.get(os.path.basename(f), []) + ["-c", f, "-o", os.path.join(outdir, "cg.o")]
    if plugin:
        cmd.insert(4, "-fpass-plugin=" + a.plugin)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    total = None
    with open(cg) as fh:
        for line in fh:
            if line.startswith("summary:") or line.startswith("totals:"):
                total = int(line.split()[1])
    pass_ir = None
    if plugin:
        # inclusive cost of the pass's run() (and of the plugin's static init)
        p = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", cg],
                           capture_output=True, text=True)
        for line in p.stdout.splitlines():
            if "HelperGuardPass::run" in line and pass_ir is None:
                m = re.match(r"\s*([\d,]+)", line)
                if m:
                    pass_ir = int(m.group(1).replace(",", ""))
    return total, pass_ir


def opt_pass_time(a, ll, reps=3, extra=()):
    """CPU time (user+system) of the helperguard pass alone (opt -time-passes), best of reps."""
    best = None
    for _ in range(reps):
        p = subprocess.run([a.opt, "-load-pass-plugin", a.plugin, "-passes=helperguard",
                            "-time-passes", "-disable-output", ll] + list(extra),
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("opt failed on %s: %s" % (ll, p.stderr[-2000:]))
        t, cols = None, None
        for line in p.stderr.splitlines():
            if "--- Name ---" in line:
                cols = re.findall(r"-+([A-Za-z+ ]+?)-+", line)
                cols = [c.strip() for c in cols]
            elif cols and "HelperGuardPass" in line:
                nums = [float(x) for x in re.findall(r"([\d.]+)\s+\(\s*[\d.]+%\)", line)]
                col = dict(zip(cols, nums))
                t = col.get("User+System", col.get("User Time", nums[-1]))
                break
        if t is None:
            raise RuntimeError("no helperguard line in -time-passes output:\n" + p.stderr[-3000:])
        best = t if best is None else min(best, t)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--inc", required=True)
    ap.add_argument("--vmlinux", required=True)
    ap.add_argument("--version", default="")
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--opt", required=True)
    ap.add_argument("--objdump", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--files", nargs="*", default=None, help="file names (in progs/) to use")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--callgrind", type=int, default=3, help="number of files to run under callgrind (largest first)")
    ap.add_argument("--scale", default="1000,2000,5000,10000")
    ap.add_argument("--json", default=None)
    ap.add_argument("--matrix", default="", help="kernels for helperguard matrix on the guarded objects ('' skips)")
    ap.add_argument("--helperguard", default=None, help="the helperguard tool (for --matrix)")
    a = ap.parse_args()

    selftests = os.path.join(a.src, "tools/testing/selftests/bpf")
    progs = os.path.join(selftests, "progs")
    if a.files:
        files = [os.path.join(progs, f) for f in a.files]
        for f in files:
            if not os.path.exists(f):
                sys.exit("bench: no such corpus file: " + f)
    else:
        files = sorted(glob.glob(os.path.join(progs, "*.c")))
    if not files:
        sys.exit("bench: empty corpus")
    out = a.out
    for d in ("base", "hg", "reports", "ll"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    flags = base_flags(a, selftests)
    print_flag_origins(a, selftests)
    res = {"corpus": a.version, "files_total": len(files), "flags": flags, "per_file": dict(PER_FILE)}

    # 1. compile everything, without and with the plugin
    t0 = time.time()
    log("bench: compiling %d files without and with the plugin (%d job(s))" % (len(files), a.jobs))
    with ThreadPoolExecutor(max_workers=a.jobs) as ex:
        results = list(ex.map(lambda f: compile_one(a, flags, f, out), files))
    log("bench: compiled in %.0f s" % (time.time() - t0))
    ok = [r for r in results if r["status"] == "ok"]
    fails = [r for r in results if r["status"] == "fail"]
    pfails = [r for r in results if r["status"] == "plugin-fail"]
    why = {}
    for r in fails:
        k = classify(r["why"])
        why.setdefault(k, []).append(r["file"])
    examined = sum(len(r["sites"]) for r in ok)
    decisions = {}
    guarded = []
    for r in ok:
        for s in r["sites"]:
            decisions[s.get("decision")] = decisions.get(s.get("decision"), 0) + 1
            if s.get("decision") in ("guarded", "warned", "unguardable"):
                guarded.append(dict(s, object=r["name"]))
    identical = sum(1 for r in ok if r["identical"])
    guarded_objs = sorted({g["object"] for g in guarded})
    # An object that differs without a guarded site: is the pass's output IR
    # the same? If so, only the backend's BTF type order differs (LLVM 22's
    # BTF emitter orders some types by heap address: llc on one .ll gives
    # different objects from run to run under ASLR; loading a plugin moves the heap).
    btf_only, unguarded_changed = [], []
    for r in ok:
        if r["identical"] or r["name"] in guarded_objs:
            continue
        f = os.path.join(progs, r["file"])
        ll = [os.path.join(out, "ll", r["name"] + s) for s in (".base.ll", ".hg.ll")]
        extra = PER_FILE.get(r["file"], [])
        subprocess.run([a.clang] + flags + extra + ["-S", "-emit-llvm", "-c", f, "-o", ll[0]],
                       stderr=subprocess.DEVNULL, check=True)
        subprocess.run([a.clang, "-fpass-plugin=" + a.plugin] + flags + extra +
                       ["-S", "-emit-llvm", "-c", f, "-o", ll[1]], stderr=subprocess.DEVNULL, check=True)
        with open(ll[0], "rb") as x, open(ll[1], "rb") as y:
            same_ir = x.read() == y.read()
        (btf_only if same_ir else unguarded_changed).append(r["name"])
    res.update(files_compiled=len(ok), files_failed=len(fails), plugin_failures=pfails,
               fail_reasons=why, helper_calls_examined=examined, decisions=decisions,
               guarded_sites=guarded, identical=identical, changed_without_guard=unguarded_changed,
               btf_order_only=btf_only)

    # BPF instructions added, per guarded object
    added = []
    for o in guarded_objs:
        b = text_insns(a.objdump, os.path.join(out, "base", o + ".o"))
        h = text_insns(a.objdump, os.path.join(out, "hg", o + ".o"))
        est = sum(g.get("insns_added_estimate", 0) for g in guarded if g["object"] == o)
        added.append({"object": o, "base": b, "guarded": h, "added": h - b, "estimate": est})
    res["insns_added"] = added

    # 2. compile time, alternating, one run
    okfiles = [os.path.join(progs, r["file"]) for r in ok]
    if a.reps > 0 and okfiles:
        log("bench: timing %d files x %d rounds, alternating without/with the plugin" % (len(okfiles), a.reps))
        cpu, wall = timing(a, flags, okfiles, out)
        res["time_cpu"] = cpu
        res["time_wall"] = wall

    # 3. callgrind on the largest files
    by_size = sorted(ok, key=lambda r: -r["size"])
    cgs = []
    for r in by_size[:a.callgrind]:
        f = os.path.join(progs, r["file"])
        log("bench: callgrind on %s" % r["file"])
        b, _ = callgrind(a, flags, f, out, False)
        h, pir = callgrind(a, flags, f, out, True)
        cgs.append({"file": r["file"], "base": b, "hg": h, "pass_run": pir})
    res["callgrind"] = cgs

    # 4. the pass alone: largest module of the corpus (by IR size), synthetic modules
    scale = []
    if a.scale:
        largest = None
        for r in by_size[:10]:
            f = os.path.join(progs, r["file"])
            ll = os.path.join(out, "ll", r["name"] + ".ll")
            subprocess.run([a.clang] + flags + PER_FILE.get(r["file"], []) +
                           ["-S", "-emit-llvm", "-c", f, "-o", ll], check=True,
                           stderr=subprocess.DEVNULL)
            sz = os.path.getsize(ll)
            if largest is None or sz > largest[1]:
                largest = (r["file"], sz, ll)
        if largest:
            calls = sum(len(r["sites"]) for r in ok if r["file"] == largest[0])
            t = opt_pass_time(a, largest[2])
            res["largest"] = {"file": largest[0], "ir_bytes": largest[1], "helper_calls": calls, "pass_s": t}
        for n in [int(x) for x in a.scale.split(",") if x]:
            # "split": 10 calls per XDP program (programs are small); "flat":
            # all n calls in one function and one basic block (worst case).
            row = {"helper_calls": n}
            for shape, per, reps in (("split", 10, 3), ("flat", n, 1)):
                ll = os.path.join(out, "ll", "synthetic-%s-%d.ll" % (shape, n))
                with open(ll, "w") as fh:
                    subprocess.run([sys.executable, os.path.join(HERE, "synth.py"), str(n), str(per)],
                                   stdout=fh, check=True)
                row[shape] = opt_pass_time(a, ll, reps)
                row[shape + "_analysis"] = opt_pass_time(a, ll, reps, ["-bpf-helperguard-mode=warn"])
                log("bench: synthetic %s %d helper calls: pass %.4f s, analysis only (warn mode) %.4f s"
                    % (shape, n, row[shape], row[shape + "_analysis"]))
            scale.append(row)
    res["scale"] = scale

    # 5. the verifier on real kernels: every guarded object, without and with the plugin
    matrix_failed = False
    if a.matrix:
        if not guarded_objs:
            log("bench: no guarded object: the matrix is skipped")
            res["verifier"] = {"kernels": a.matrix, "rows": [], "kernel_status": []}
        else:
            res["verifier"], matrix_failed = verifier_matrix(a, out, guarded_objs)

    if a.json:
        with open(a.json, "w") as fh:
            json.dump(res, fh, indent=1)
    print_summary(res)
    return 1 if pfails or matrix_failed else 0


def verifier_matrix(a, out, objs):
    """helperguard matrix --json on base/O.o and hg/O.o of every guarded object,
    one guest per kernel; per (kernel, object, program): both results and the
    processed instructions added by the guard."""
    paths = []
    for o in objs:
        paths += [os.path.join(out, "base", o + ".o"), os.path.join(out, "hg", o + ".o")]
    cmd = [a.helperguard, "matrix", "--kernels", a.matrix, "--json"] + paths
    log("bench: helperguard matrix on %d guarded object(s), kernels: %s" % (len(objs), a.matrix))
    p = subprocess.run(cmd, capture_output=True, text=True)
    with open(os.path.join(out, "matrix.json"), "w") as fh:
        fh.write(p.stdout)
    if p.returncode not in (0, 1):
        log("bench: helperguard matrix failed (exit %d):\n%s" % (p.returncode, p.stderr[-3000:]))
        return {"kernels": a.matrix, "rows": [], "kernel_status": [], "error": p.stderr[-3000:]}, True
    data = json.loads(p.stdout)
    rows, status = [], []
    for k in data["kernels"]:
        status.append({"kernel": k.get("version") or k["spec"], "release": k.get("release"),
                       "status": k["status"], "accel": k.get("accel"), "error": k.get("error")})
        got = {}
        for pr in k["programs"]:
            which = os.path.basename(os.path.dirname(pr["object"]))   # base | hg
            name = os.path.basename(pr["object"])[:-2]
            got.setdefault((name, pr["program"]), {})[which] = {
                key: pr.get(key) for key in ("loaded", "processed_insns", "total_states", "peak_states",
                                            "xlated_insns", "xlated_branches", "retval", "message")}
        for (name, prog), v in sorted(got.items()):
            b, h = v.get("base", {}), v.get("hg", {})
            row = {"kernel": k.get("version") or k["spec"], "object": name, "program": prog, "base": b, "hg": h}
            if b.get("processed_insns") is not None and h.get("processed_insns") is not None:
                row["processed_added"] = h["processed_insns"] - b["processed_insns"]
            # the guard must never make the verifier reject a program it accepts without it
            row["rejected_by_guard"] = bool(b.get("loaded")) and not h.get("loaded")
            rows.append(row)
    failed = (p.returncode != 0 or any(s["status"] != "ok" for s in status)
              or any(r["rejected_by_guard"] for r in rows))
    return {"kernels": a.matrix, "rows": rows, "kernel_status": status}, failed


def print_summary(res):
    p = print
    p("== helperguard corpus bench: %s" % res["corpus"])
    p("files: %d, compiled: %d, not compiling without the plugin: %d, failing only with the plugin: %d"
      % (res["files_total"], res["files_compiled"], res["files_failed"], len(res["plugin_failures"])))
    for k, v in sorted(res["fail_reasons"].items(), key=lambda kv: -len(kv[1])):
        p("  %4d  %s  (e.g. %s)" % (len(v), k, ", ".join(v[:3])))
    for r in res["plugin_failures"]:
        p("  PLUGIN FAILURE %s: %s" % (r["file"], r["why"]))
    p("helper calls examined: %d  (%s)" % (res["helper_calls_examined"],
      ", ".join("%s %d" % kv for kv in sorted(res["decisions"].items()))))
    p("sites guarded: %d" % len(res["guarded_sites"]))
    for g in res["guarded_sites"]:
        p("  %s:%s  %s  %s  [%s] %s (%s) est +%s" % (os.path.basename(g.get("file") or g["object"]), g.get("line"),
          g.get("helper"), g.get("function"), g.get("decision"), g.get("technique"),
          g.get("prog_types"), g.get("insns_added_estimate")))
    p("objects byte-identical with and without the plugin: %d / %d" % (res["identical"], res["files_compiled"]))
    if res["btf_order_only"]:
        p("  differing only in BTF type order (IR after the pass identical; LLVM backend nondeterminism): %d: %s"
          % (len(res["btf_order_only"]), ", ".join(res["btf_order_only"])))
        p("  identical or BTF order only: %d / %d" % (res["identical"] + len(res["btf_order_only"]), res["files_compiled"]))
    if res["changed_without_guard"]:
        p("  CHANGED WITHOUT A GUARDED SITE: %s" % ", ".join(res["changed_without_guard"]))
    for x in res["insns_added"]:
        p("  %s: %d -> %d BPF instructions (+%d; pass estimate +%d)" % (x["object"], x["base"], x["guarded"], x["added"], x["estimate"]))
    if "time_cpu" in res:
        c, w = res["time_cpu"], res["time_wall"]
        p("compile time (CPU, all compiled files, alternating): without %.2f s, with %.2f s, ratio %.4f (%+.2f%%)"
          % (c["base"], c["hg"], c["hg"] / c["base"], 100 * (c["hg"] / c["base"] - 1)))
        p("compile time (wall): without %.2f s, with %.2f s, ratio %.4f" % (w["base"], w["hg"], w["hg"] / w["base"]))
    for x in res["callgrind"]:
        p("callgrind %s: without %d, with %d instructions, ratio %.5f (%+.3f%%); pass run() %s"
          % (x["file"], x["base"], x["hg"], x["hg"] / x["base"], 100 * (x["hg"] / x["base"] - 1),
             "%d (%.3f%%)" % (x["pass_run"], 100.0 * x["pass_run"] / x["hg"]) if x["pass_run"] else "n/a"))
    if "largest" in res:
        l = res["largest"]
        p("pass alone on the largest module %s (%d bytes of IR, %d helper calls): %.4f s"
          % (l["file"], l["ir_bytes"], l["helper_calls"], l["pass_s"]))
    if "verifier" in res:
        v = res["verifier"]
        p("verifier (helperguard matrix, kernels %s): processed instructions without -> with the plugin" % v["kernels"])
        if not v["rows"] and not v.get("error"):
            p("  no guarded object: nothing to load")
        for k in v["kernel_status"]:
            if k["status"] != "ok":
                p("  KERNEL %s %s: %s" % (k["kernel"], k["status"], k.get("error")))
            else:
                p("  kernel %s: %s, %s" % (k["kernel"], k["release"], k["accel"]))
        if v.get("error"):
            p("  MATRIX FAILED: %s" % v["error"].strip().splitlines()[-1:])

        def cell(x):
            if not x:
                return "missing"
            if not x.get("loaded"):
                return "REJECTED (%s)" % x.get("message")
            return "%s insns, %s states, %s xlated, retval %s" % (
                x.get("processed_insns"), x.get("total_states"), x.get("xlated_insns"), x.get("retval"))
        for r in v["rows"]:
            p("  %s %s:%s  without: %s | with: %s | processed %s"
              % (r["kernel"], r["object"], r["program"], cell(r["base"]), cell(r["hg"]),
                 "%+d" % r["processed_added"] if "processed_added" in r else "n/a"))
            if r["rejected_by_guard"]:
                p("  REJECTED ONLY WITH THE PLUGIN: %s:%s on %s" % (r["object"], r["program"], r["kernel"]))
    if res["scale"]:
        p("pass alone (CPU s) on synthetic modules: calls | 10 per program: pass, analysis only | one block: pass, analysis only")
    for s in res["scale"]:
        p("  %6d | %.4f  %.4f | %.4f  %.4f" % (s["helper_calls"], s["split"], s["split_analysis"],
                                               s["flat"], s["flat_analysis"]))

if __name__ == "__main__":
    sys.exit(main())
