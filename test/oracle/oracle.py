#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""oracle.py: the verifier's own log decides which helper calls are hazards.

    oracle.py [--kernel VER] [--work DIR] [--json FILE] [--expect FILE]
              [--plugin SO] [--tool BIN] [--clang CLANG] [--max-objects N]
              CORPUS...

CORPUS: `guard` (the guard suites: test/lit/c, test/lit/check, examples,
test/matrix/progs, as test/check/agreement.py builds them) or `selftests`
(the kernel selftests of scripts/bench.d/fetch-corpus, with their own flags
as scripts/bench.d/bench.py uses them; the CORPUS_* variables that
fetch-corpus prints must be in the environment). `name=GLOB,GLOB...` picks
sources of a corpus by file name (`guard=*snprintf*,memset.c`).

For `selftests`, only sources whose preprocessed text names a helper the
database calls stale on the kernel are built; --all-sources builds all.

--expect FILE compares the verdict of every site (its SITE line without the
bracketed detail) with FILE and fails on any difference.

For every source: clang builds it without the plugin (the unguarded object)
and with it (`-bpf-helperguard-kernels=VER`, writing the pass's report), and
`helperguard check --kernels VER --json` lists, for each helper call, the
loads of stack bytes the helper may write ("reads"). The objects with a call
whose stale argument points into the stack are loaded on the affected kernel
VER (default 6.17.13+deb13) in one QEMU guest per batch, each program with
the verifier log at level 2 (`hg-loader log`). For each such call the oracle
reads, at every one of its reads, the state the verifier gave the loaded
register:
  known     a constant, a pointer, or a range narrower than the load's
            width: the verifier believes something of bytes the helper
            overwrote (a real hazard);
  unknown   every visit of every read gives "any value of that width";
  no read   no load of the written bytes before they are overwritten (the
            bytes reach only helpers that copy them, or nothing).
Calls whose reads the verifier never visited, or whose program did not load,
are "unresolved", with the reason.

The pass's decision (guarded/warned = says hazard) and the checker's verdict
on the unguarded object are scored against the oracle (true and false
positives, false negatives), and the guarded object is loaded too: after a
guarded call no read may be known. Exit status: 1 when the pass has a false
negative or a guarded object still has a known read, else 0.
"""
import argparse
import fnmatch
import glob
import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KBENCH = os.path.join(ROOT, "scripts", "kbench")
CFLAGS = ["-O2", "-g", "-target", "bpf"]


def log(*a):
    print("oracle:", *a, file=sys.stderr, flush=True)


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- corpora

def guard_sources(clang):
    """(name, source, flags) of the guard suites, as agreement.py builds them."""
    agreement = load_module("agreement", os.path.join(ROOT, "test", "check", "agreement.py"))
    return [(n, s, CFLAGS + f) for n, s, f in agreement.sources()]


def stale_helper_names(a):
    """The helpers the database calls stale on the kernel: a source that
    names none of them (nor includes a local header that does) has no call
    in scope, so it is not built (the selftests corpora are large)."""
    r = run([a.tool, "db", "hazards", "--kernel", a.kver, "--json"])
    if r.returncode:
        sys.exit("oracle: helperguard db hazards failed: " + r.stderr.strip())
    return sorted({h["helper"] for h in json.loads(r.stdout)["hazards"]})


def names_any(a, item, names):
    """Whether the preprocessed source calls one of the helpers (macros such
    as BPF_SNPRINTF expand to the calls)."""
    name, src, flags = item
    r = run([a.clang] + flags + ["-E", "-P", src])
    if r.returncode:
        return True  # let the build say why it fails
    # A call, not bpf_helper_defs.h's declaration "(*bpf_d_path)(...)".
    return re.search(r"(?<![\w*])(%s)\s*\(" % "|".join(map(re.escape, names)),
                     r.stdout) is not None


def selftest_sources(clang):
    src, inc, vml = (os.environ.get(k) for k in ("CORPUS_SRC", "CORPUS_INC", "CORPUS_VMLINUX"))
    if not (src and inc and vml):
        sys.exit("oracle: corpus 'selftests' needs CORPUS_SRC, CORPUS_INC and CORPUS_VMLINUX "
                 "(eval \"$(scripts/bench.d/fetch-corpus 6.1)\")")
    bench = load_module("bench", os.path.join(ROOT, "scripts", "bench.d", "bench.py"))
    selftests = os.path.join(src, "tools/testing/selftests/bpf")
    a = argparse.Namespace(vmlinux=vml, inc=inc, src=src, clang=clang)
    flags = bench.base_flags(a, selftests)
    out = []
    for f in sorted(glob.glob(os.path.join(selftests, "progs", "*.c"))):
        n = os.path.basename(f)[:-2]
        out.append(("st-" + n, f, flags + bench.PER_FILE.get(os.path.basename(f), [])))
    return out


CORPORA = {"guard": guard_sources, "selftests": selftest_sources}


# ---------------------------------------------------------------- ELF

class Elf:
    """The sections and function symbols of a little-endian ELF64 BPF object."""

    def __init__(self, path):
        data = open(path, "rb").read()
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            raise ValueError("%s: not a little-endian ELF64 object" % path)
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        secs = []
        for i in range(shnum):
            name, typ, _, _, off, size, link, _, _, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, shoff + i * shentsize)
            secs.append((name, typ, off, size, link, entsize))
        strtab = secs[shstrndx]

        def cstr(tab, o):
            s = data[tab[2] + o:]
            return s[:s.index(b"\0")].decode(errors="replace")
        self.names = [cstr(strtab, s[0]) for s in secs]
        self.data = {self.names[i]: data[s[2]:s[2] + s[3]] for i, s in enumerate(secs)
                     if s[1] == 1}  # SHT_PROGBITS
        self.funcs = []  # (name, section, offset, size)
        for s in secs:
            if s[1] != 2:  # SHT_SYMTAB
                continue
            names = secs[s[4]]
            for o in range(s[2], s[2] + s[3], s[5]):
                nm, info, _, shndx, value, size = struct.unpack_from("<IBBHQQ", data, o)
                if info & 0xf == 2 and shndx < len(secs):  # STT_FUNC
                    self.funcs.append((cstr(names, nm), self.names[shndx], value, size))

    def func(self, name):
        return next((f for f in self.funcs if f[0] == name), None)

    def func_at(self, section, off):
        return next((f for f in self.funcs if f[1] == section and f[2] <= off < f[2] + f[3]),
                    None)

    def insns(self, section, off, size):
        """(code, dst) of each instruction: what libbpf's relocations leave alone."""
        b = self.data.get(section, b"")[off:off + size]
        return [(b[i], b[i + 1] & 0xf) for i in range(0, len(b) - 7, 8)]


# ---------------------------------------------------------------- verifier states

def parse_number(s):
    s = s.strip()
    neg = s.startswith("-")
    v = int(s[1:], 0) if neg else int(s, 0)
    return -v if neg else v


def reg_state(line, reg):
    """The state the verifier printed for register reg after a load line."""
    if ";" not in line:
        return None
    tail = line.split(";", 1)[1]
    m = re.search(r"(?:^|\s)R%d(?:_[rwD]+)?=" % reg, tail)
    if not m:
        return None
    i, depth, out = m.end(), 0, []
    while i < len(tail):
        c = tail[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == " " and depth == 0:
            break
        out.append(c)
        i += 1
    return "".join(out)


def knowledge(state, size, signed):
    """'known' or 'unknown': whether the verifier believes more of a value
    loaded with `size` bytes than any value of that width."""
    s = state
    if re.match(r"P(-?\d|scalar\()", s):
        s = s[1:]  # precise
    if re.fullmatch(r"-?(0x[0-9a-f]+|\d+)", s):
        return "known"          # a constant
    if not s.startswith("scalar("):
        return "known"          # a pointer (fp-16, map_value(...), ctx(), ...)
    body = s[len("scalar("):-1]
    fields = {}
    for part in re.split(r",(?![^()]*\))", body):
        if "=" not in part:
            continue
        keys = part.split("=")
        val = keys[-1]
        for k in keys[:-1]:
            fields[k] = val
    bits = 8 * size
    full = (1 << bits) - 1
    if size == 8:
        natural = {}
    elif signed:
        natural = {"smin": -(1 << (bits - 1)), "smax": (1 << (bits - 1)) - 1,
                   "smin32": -(1 << (bits - 1)), "smax32": (1 << (bits - 1)) - 1}
    else:
        natural = {"smin": 0, "smax": full, "umin": 0, "umax": full,
                   "smin32": 0 if bits < 32 else -(1 << 31),
                   "smax32": full if bits < 32 else (1 << 31) - 1,
                   "umin32": 0, "umax32": full}
    for k, v in fields.items():
        if k == "id":
            continue
        if k == "var_off":
            m = re.match(r"\((0x[0-9a-f]+|\d+); (0x[0-9a-f]+|\d+)\)", v)
            if not m:
                return "known"
            value, mask = int(m.group(1), 0), int(m.group(2), 0)
            if value != 0 or (size < 8 and not signed and mask != full):
                return "known"
            continue
        if k not in natural:
            # a bound the width does not give (a 32-bit bound of an 8-byte
            # value the verifier printed only because it is narrower)
            if size == 8 or signed:
                return "known"
            continue
        try:
            if parse_number(v) != natural[k]:
                return "known"
        except ValueError:
            return "known"
    return "unknown"


LOAD_RE = re.compile(r"^(\d+): \(([0-9a-f]{2})\) r(\d+) = \*\(([us])(8|16|32|64) \*\)")


def parse_results(path):
    """{object: {"programs": {prog: {"loaded", "error", "insns", "states"}}}}."""
    objs, cur = {}, None
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("== "):
            cur = objs.setdefault(os.path.basename(line[3:]), {"programs": {}})
            continue
        if cur is None or " " not in line or line.startswith(("DONE ", "ERROR ")):
            continue
        tag, rest = line.split(" ", 1)
        prog, _, tail = rest.partition(" ")
        p = cur["programs"].setdefault(prog, {"loaded": None, "error": "", "insns": [],
                                              "states": {}, "truncated": False})
        if tag == "LOADED":
            p["loaded"] = True
        elif tag == "LOADFAIL":
            p["loaded"] = False
            p["error"] = p["error"] or tail
        elif tag == "LOGFULL":
            p["error"] = "verifier log larger than 256 MiB"
        elif tag == "VLTRUNC":
            p["truncated"] = True
        elif tag == "VLOG" and p["loaded"] is False and len(p["error"]) < 300:
            if re.search(r"invalid|unknown|not |cannot|failed|error|!|too |limit|should", tail):
                p["error"] += " | " + tail.strip()
        elif tag == "INSN":
            f = tail.split()
            p["insns"].append((int(f[1], 16), int(f[2])))
        elif tag == "VL":
            m = LOAD_RE.match(tail)
            if m:
                idx, reg = int(m.group(1)), int(m.group(3))
                st = reg_state(tail, reg)
                if st is not None:
                    size = int(m.group(5)) // 8
                    p["states"].setdefault(idx, []).append(
                        (knowledge(st, size, m.group(4) == "s"), st))
    return objs


def final_index(elf, prog_fn, insns, read):
    """The index, in the instructions libbpf loaded for the program prog_fn,
    of the instruction at (section, offset) of the object; None if not found."""
    name, sec, off, size = prog_fn
    rsec, roff = read["section"], read["offset"]
    if rsec == sec and off <= roff < off + size:
        return (roff - off) // 8
    f = elf.func_at(rsec, roff)
    if not f:
        return None
    want = elf.insns(f[1], f[2], f[3])
    n = len(want)
    ops = [(c, d) for c, d in insns]
    for start in range(size // 8, len(ops) - n + 1):
        if all(ops[start + i][0] == want[i][0] and
               (want[i][0] == 0x18 or ops[start + i][1] == want[i][1]) for i in range(n)):
            return start + (roff - f[2]) // 8
    return None


# ---------------------------------------------------------------- building

def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def build(a, item):
    name, src, flags = item
    out = {"name": name, "source": src}
    base = os.path.join(a.work, "obj", name + ".base.o")
    hg = os.path.join(a.work, "obj", name + ".hg.o")
    rep = os.path.join(a.work, "obj", name + ".report.json")
    r = run([a.clang] + flags + ["-c", src, "-o", base])
    if r.returncode:
        out["error"] = "does not compile: " + (r.stderr.strip().splitlines() or ["?"])[-1]
        return out
    r = run([a.clang] + flags + ["-fpass-plugin=" + a.plugin,
                                 "-mllvm", "-bpf-helperguard-kernels=" + a.kver,
                                 "-mllvm", "-bpf-helperguard-report=" + rep,
                                 "-c", src, "-o", hg])
    if r.returncode:
        out["error"] = "does not compile with the plugin: " + (
            r.stderr.strip().splitlines() or ["?"])[-1]
        return out
    out["sites"] = json.load(open(rep)).get("sites", [])
    for kind, obj in (("base", base), ("hg", hg)):
        c = run([a.tool, "check", "--kernels", a.kver, "--json", obj])
        if c.returncode not in (0, 1):
            out["error"] = "check failed: " + c.stderr.strip()
            return out
        out[kind] = json.loads(c.stdout)["objects"][0]
        out[kind + "_path"] = obj
    out["identical"] = open(base, "rb").read() == open(hg, "rb").read()
    return out


def in_scope(call):
    return call.get("stack_buffer") or call.get("hazardous")


def site_key(loc, helper):
    # The pass names files as the debug info does (maybe relative to the
    # compilation directory), the checker as .BTF.ext does: compare base names
    # (one object is one source and its headers).
    return (os.path.basename(loc.get("file", "?")), loc.get("line", 0), loc.get("column", 0),
            helper)


# ---------------------------------------------------------------- guests

def run_guests(a, objects, tag):
    """Loads every object with `hg-loader log`; returns parse_results()."""
    results = {}
    kernel = run([os.path.join(KBENCH, "fetch-kernel"), a.kernel])
    if kernel.returncode:
        sys.exit("oracle: cannot fetch kernel %s: %s" % (a.kernel, kernel.stderr.strip()))
    image = kernel.stdout.strip().splitlines()[-1]
    loader = run([os.path.join(KBENCH, "build-loader"), os.path.join(a.work, "hg-loader")])
    if loader.returncode:
        sys.exit("oracle: building the guest loader failed: " + loader.stderr.strip())
    batch = a.batch
    for i in range(0, len(objects), batch):
        part = objects[i:i + batch]
        wd = os.path.join(a.work, "guest-%s-%d" % (tag, i // batch))
        shutil.rmtree(wd, ignore_errors=True)
        os.makedirs(wd)
        for o in part:
            shutil.copy(o, os.path.join(wd, os.path.basename(o)))
        with open(os.path.join(wd, "guest.sh"), "w") as g:
            g.write("#!/bin/sh\nfor o in /progs/*.o; do echo \"== $o\"; "
                    "hg-loader log \"$o\" 2>/dev/null; done > \"$HG_RESULTS\"\n")
        os.chmod(os.path.join(wd, "guest.sh"), 0o755)
        env = dict(os.environ, HG_LOADER=os.path.join(a.work, "hg-loader"),
                   HG_GUEST_TIMEOUT=str(120 + 15 * len(part)),
                   HG_GUEST_MEM="2G")
        log("booting %s with %d objects (%s, batch %d)" % (a.kernel, len(part), tag,
                                                           i // batch + 1))
        for attempt in (1, 2):
            g = run([os.path.join(KBENCH, "run-guest"), image, wd], env=env)
            if g.returncode in (0, 1):
                break
            # A TCG guest on a loaded machine may fail to boot (a timer
            # panic): once more, then the objects count as not loaded.
            log("guest failed (rc %d, attempt %d): %s" % (
                g.returncode, attempt, g.stderr.strip()[-300:]))
        rl = os.path.join(wd, "results.log")
        if os.path.exists(rl):
            results.update(parse_results(rl))
    return results


# ---------------------------------------------------------------- scoring

def evaluate_call(elf, obj_res, call):
    """The oracle's verdict on one call of one object: (verdict, detail)."""
    reads = call.get("reads", [])
    if not reads:
        return "no read", ""
    if obj_res is None:
        return "unresolved", "object not loaded (guest failed)"
    seen, known, why = False, [], []
    for prog in call.get("programs", []):
        p = obj_res["programs"].get(prog)
        fn = elf.func(prog)
        if p is None or fn is None:
            why.append("%s: no result" % prog)
            continue
        if not p["insns"]:
            why.append("%s: %s" % (prog, p["error"] or "no instructions"))
            continue
        for r in reads:
            idx = final_index(elf, fn, p["insns"], r)
            if idx is None:
                why.append("%s: read at %s+%d not found in the loaded program" %
                           (prog, r["section"], r["offset"]))
                continue
            for k, st in p["states"].get(idx, []):
                seen = True
                if k == "known":
                    known.append("%s insn %d: %s" % (prog, idx, st))
        if p["loaded"] is False and not seen:
            why.append("%s: not loaded: %s" % (prog, p["error"]))
        if p["truncated"] and not known:
            why.append("%s: log lines truncated" % prog)
    if known:
        return "known", "; ".join(known[:3])
    if seen:
        return "unknown", ""
    return "unresolved", "; ".join(why) or "reads never visited by the verifier"


def score(builds, base_res, hg_res):
    rows = []
    for b in builds:
        if "error" in b:
            continue
        belf = Elf(b["base_path"])
        helf = Elf(b["hg_path"])
        pass_says = {}
        for s in b["sites"]:
            k = site_key(s, s["helper"])
            pass_says[k] = pass_says.get(k, False) or s["decision"] in ("guarded", "warned")
        technique = {site_key(s, s["helper"]): s.get("technique", "")
                     for s in b["sites"] if s["decision"] == "guarded"}
        hg_calls = {}
        for c in b["hg"]["calls"]:
            hg_calls.setdefault(site_key(c["location"], c["name"]), []).append(c)
        sites = {}
        for c in b["base"]["calls"]:
            k = site_key(c["location"], c["name"])
            if not (in_scope(c) or pass_says.get(k)):
                continue
            v, d = evaluate_call(belf, base_res.get(os.path.basename(b["base_path"])), c)
            s = sites.setdefault(k, {"oracle": [], "detail": [], "checker": False})
            s["oracle"].append(v)
            if d:
                s["detail"].append(d)
            s["checker"] |= c["hazardous"]
        for k, s in sites.items():
            o = s["oracle"]
            verdict = ("known" if "known" in o else "unresolved" if "unresolved" in o
                       else "unknown" if "unknown" in o else "no read")
            after = []
            if pass_says.get(k) and not b["identical"]:
                hres = hg_res.get(os.path.basename(b["hg_path"]))
                for c in hg_calls.get(k, []):
                    v, d = evaluate_call(helf, hres, c)
                    if v == "known":
                        after.append(d)
            rows.append({"object": b["name"], "file": k[0], "line": k[1], "column": k[2],
                         "helper": k[3], "oracle": verdict, "detail": "; ".join(s["detail"]),
                         "pass": bool(pass_says.get(k)), "technique": technique.get(k, ""),
                         "checker": s["checker"], "after_guard_known": after})
    return rows


def summarise(rows):
    def conf(key):
        tp = sum(1 for r in rows if r[key] and r["oracle"] == "known")
        fp = sum(1 for r in rows if r[key] and r["oracle"] in ("unknown", "no read"))
        fn = sum(1 for r in rows if not r[key] and r["oracle"] == "known")
        return tp, fp, fn
    return {"sites": len(rows),
            "known": sum(r["oracle"] == "known" for r in rows),
            "unknown": sum(r["oracle"] == "unknown" for r in rows),
            "no_read": sum(r["oracle"] == "no read" for r in rows),
            "unresolved": sum(r["oracle"] == "unresolved" for r in rows),
            "pass": conf("pass"), "checker": conf("checker"),
            "after_guard_known": sum(bool(r["after_guard_known"]) for r in rows)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--kernel", default="6.17.13+deb13")
    ap.add_argument("--work", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--expect", default=None)
    ap.add_argument("--plugin", default=os.path.join(ROOT, "build/lib/HelperGuard.so"))
    ap.add_argument("--tool", default=os.path.join(ROOT, "build/bin/helperguard"))
    ap.add_argument("--clang", default="/usr/lib/llvm-22/bin/clang")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--batch", type=int, default=120, help="objects per guest boot")
    ap.add_argument("--all-sources", action="store_true",
                    help="selftests: build every source, not only those naming a stale helper")
    a = ap.parse_args()
    a.kver = a.kernel.split("+")[0]
    a.work = a.work or tempfile.mkdtemp(prefix="hg-oracle.")
    os.makedirs(os.path.join(a.work, "obj"), exist_ok=True)
    summary, all_rows, status = {}, [], 0
    for spec in a.corpora:
        corpus, _, pattern = spec.partition("=")
        if corpus not in CORPORA:
            sys.exit("oracle: unknown corpus '%s' (guard, selftests)" % corpus)
        items = CORPORA[corpus](a.clang)
        skipped = 0
        if corpus == "selftests" and not a.all_sources:
            names = stale_helper_names(a)
            with ThreadPoolExecutor(a.jobs) as ex:
                keep = list(ex.map(lambda i: names_any(a, i, names), items))
            kept = [i for i, k in zip(items, keep) if k]
            skipped = len(items) - len(kept)
            log("%s: %d of %d sources name none of %s once preprocessed: not built"
                % (corpus, skipped, len(items), ", ".join(names)))
            items = kept
        if pattern:
            pats = pattern.split(",")
            items = [i for i in items
                     if any(fnmatch.fnmatch(os.path.basename(i[1]), p) for p in pats)]
        log("%s: building %d sources" % (corpus, len(items)))
        with ThreadPoolExecutor(a.jobs) as ex:
            builds = list(ex.map(lambda i: build(a, i), items))
        ok = [b for b in builds if "error" not in b]
        wanted = [b for b in ok
                  if any(in_scope(c) for c in b["base"]["calls"]) or
                  any(s["decision"] in ("guarded", "warned") for s in b["sites"])]
        log("%s: %d of %d compile; %d have a call to look at" % (
            corpus, len(ok), len(builds), len(wanted)))
        base_res = run_guests(a, [b["base_path"] for b in wanted], corpus + "-base")
        hg_res = run_guests(a, [b["hg_path"] for b in wanted if not b["identical"]],
                            corpus + "-hg")
        rows = score(wanted, base_res, hg_res)
        for r in rows:
            r["corpus"] = corpus
        s = summarise(rows)
        s["sources"], s["compiled"] = len(builds), len(ok)
        s["skipped_no_stale_helper"] = skipped
        s["not_compiled"] = [(b["name"], b["error"]) for b in builds if "error" in b]
        progs = [(o, p, v) for res in (base_res,) for o, d in res.items()
                 for p, v in d["programs"].items()]
        s["programs_loaded"] = sum(1 for _, _, v in progs if v["loaded"])
        s["programs_not_loaded"] = [(o, p, v["error"]) for o, p, v in progs
                                    if not v["loaded"]]
        summary[corpus] = s
        all_rows += rows
        if s["pass"][2] or s["after_guard_known"]:
            status = 1
    site_lines = []
    for r in all_rows:
        flag = ""
        if r["pass"] and r["oracle"] in ("unknown", "no read"):
            flag = "PASS-FP"
        elif not r["pass"] and r["oracle"] == "known":
            flag = "PASS-FN"
        if r["after_guard_known"]:
            flag += " GUARD-LEFT-KNOWN"
        site_lines.append("SITE %s %s %s:%d:%d %s oracle=%s pass=%s%s checker=%s %s%s" % (
            r["corpus"], r["object"], r["file"], r["line"], r["column"], r["helper"], r["oracle"],
            "guard" if r["pass"] else "alone",
            "(" + r["technique"] + ")" if r["technique"] else "",
            "hazard" if r["checker"] else "clean", flag,
            ("  [" + r["detail"] + "]") if r["detail"] else ""))
        print(site_lines[-1])
    for c, s in summary.items():
        print("CORPUS %s: %d sources (%d more name no stale helper), %d compile; "
              "%d programs loaded, %d not; %d sites: "
              "%d known, %d unknown, %d no read, %d unresolved; pass TP %d FP %d FN %d; "
              "checker TP %d FP %d FN %d; guarded sites still known: %d" % (
                  c, s["sources"], s["skipped_no_stale_helper"], s["compiled"],
                  s["programs_loaded"],
                  len(s["programs_not_loaded"]), s["sites"], s["known"], s["unknown"],
                  s["no_read"], s["unresolved"], *s["pass"], *s["checker"],
                  s["after_guard_known"]))
        for o, p, e in s["programs_not_loaded"]:
            print("NOTLOADED %s %s %s: %s" % (c, o, p, e))
    if a.expect:
        want = [l.strip() for l in open(a.expect) if l.strip() and not l.startswith("#")]
        got = [l.split("  [")[0].strip() for l in site_lines]
        for l in sorted(set(want) - set(got)):
            print("EXPECTED, NOT SEEN: " + l)
        for l in sorted(set(got) - set(want)):
            print("SEEN, NOT EXPECTED: " + l)
        if set(want) != set(got):
            status = 1
        else:
            print("oracle: all %d sites as expected" % len(got))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"kernel": a.kernel, "summary": summary, "sites": all_rows}, f, indent=1)
    return status


if __name__ == "__main__":
    sys.exit(main())
