#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Extract BPF helper facts from a Linux kernel source tree.

    extract_source.py TREE --package linux-source-6.1 --version 6.1.192-2 \
        [--date YYYY-MM-DD] [-o OUT.json]

Reads, in TREE:
  * include/uapi/linux/bpf.h: __BPF_FUNC_MAPPER / ___BPF_FUNC_MAPPER, the
    helper ids and names (enum bpf_func_id);
  * include/linux/bpf_types.h: BPF_PROG_TYPE(BPF_PROG_TYPE_X, name, ...), the
    program types and their `name_verifier_ops`;
  * every .c/.h file under kernel/, net/, drivers/, security/, fs/, arch/,
    include/: the `struct bpf_func_proto NAME = { ... }` initialisers, the
    `struct bpf_verifier_ops NAME = { .get_func_proto = F }` initialisers and
    every function returning `const struct bpf_func_proto *`.

For each (program type, helper) it evaluates the program type's
get_func_proto function symbolically: `switch (func_id)` dispatch, fall-through
to `default:`, calls of other func_proto functions (the fall-through chains),
local variables (`fn = f(func_id, prog); if (fn) return fn;`), `if`, `?:` and
preprocessor conditionals. Anything that depends on something other than the
helper id (prog->expected_attach_type, CONFIG_*, capabilities) is kept as a
condition: the result is every candidate prototype with the conditions that
lead to it ("one of"), never one silently picked. The output format is
helper-db/extracted/README.md.
"""
import argparse
import datetime
import json
import os
import re
import sys

EXTRACTOR_VERSION = 1
SCAN_DIRS = ("kernel", "net", "drivers", "security", "fs", "arch", "include")

# ---------------------------------------------------------------- lexing


class Tok:
    __slots__ = ("k", "v", "line")

    def __init__(self, k, v, line):
        self.k, self.v, self.line = k, v, line  # k: id num str op pp

    def __repr__(self):
        return "%s:%r@%d" % (self.k, self.v, self.line)


TOKEN_RE = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+)
  | (?P<nl>\n)
  | (?P<lc>//[^\n]*)
  | (?P<bc>/\*.*?\*/)
  | (?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d[\w.]*)
  | (?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.(){}\[\]#\\])
  | (?P<other>.)
""", re.S | re.X)


def lex(text):
    """Tokens with line numbers. A preprocessor line becomes one 'pp' token
    (its text, continuation lines joined, comments removed)."""
    toks = []
    line = 1
    at_bol = True
    i = 0
    n = len(text)
    while i < n:
        if at_bol:
            m = re.compile(r"[ \t]*#").match(text, i)
            if m:
                # a directive: up to the end of line, honouring continuations
                j = m.end()
                start_line = line
                buf = []
                while j < n:
                    c = text[j]
                    if c == "\\" and j + 1 < n and text[j + 1] == "\n":
                        j += 2
                        line += 1
                        buf.append(" ")
                        continue
                    if c == "\n":
                        break
                    if text.startswith("/*", j):
                        e = text.find("*/", j + 2)
                        e = n if e < 0 else e + 2
                        line += text.count("\n", j, e)
                        j = e
                        buf.append(" ")
                        continue
                    if text.startswith("//", j):
                        e = text.find("\n", j)
                        j = n if e < 0 else e
                        continue
                    buf.append(c)
                    j += 1
                toks.append(Tok("pp", " ".join("".join(buf).split()), start_line))
                i = j
                continue
        m = TOKEN_RE.match(text, i)
        kind = m.lastgroup
        v = m.group()
        i = m.end()
        if kind == "nl":
            line += 1
            at_bol = True
            continue
        if kind in ("ws",):
            continue
        if kind in ("lc",):
            continue
        if kind == "bc":
            line += v.count("\n")
            continue
        at_bol = False
        toks.append(Tok("op" if kind in ("op", "other") else kind, v, line))
    return toks


def pp_kind(v):
    m = re.match(r"(\w+)\s*(.*)", v)
    return (m.group(1), m.group(2)) if m else ("", v)


def join(toks):
    out = ""
    prev = None
    for t in toks:
        if t.k == "pp":
            continue
        if prev is not None and (prev.k in ("id", "num") and t.k in ("id", "num")):
            out += " "
        elif prev is not None and t.v in ("|", "||", "&&", "==", "!=", "?", ":", "<", ">", "<=", ">=", "=") \
                or prev is not None and prev.v in ("|", "||", "&&", "==", "!=", "?", ":", "<", ">", "<=", ">=", "=", ","):
            out += " "
        out += t.v
        prev = t
    return out


def norm_flags(text):
    return "|".join(p.strip() for p in text.split("|")) if text else text


# ----------------------------------------------------- top-level scanning


# Configuration the extractor assumes: without CONFIG_BPF_SYSCALL no program
# can be loaded at all. Include guards (#ifndef _LINUX_BPF_H) are no condition.
ASSUME_DEFINED = {"CONFIG_BPF_SYSCALL"}
GUARD_RE = re.compile(r"!defined\(_+[A-Z0-9_]*_H(_+)?\)$")


def simplify(cond):
    """A condition text with assumptions applied: None when always true,
    False when never true, else the (lightly normalised) text."""
    c = " ".join(cond.split())
    while True:
        m = re.fullmatch(r"!\(\s*!\s*(\w+(?:\([^()]*\))?)\s*\)", c)
        if not m:
            break
        c = m.group(1)
    if GUARD_RE.match(c):
        return None
    for sym in ASSUME_DEFINED:
        if c in ("defined(%s)" % sym, "IS_ENABLED(%s)" % sym, "#if defined(%s)" % sym,
                 "#if IS_ENABLED(%s)" % sym):
            return None
        if c in ("!defined(%s)" % sym, "#if !defined(%s)" % sym, "!(defined(%s))" % sym,
                 "#if !(defined(%s))" % sym):
            return False
    if c in ("#if 0", "0"):
        return False
    return c


def simplify_all(conds):
    """None when some condition can never hold; else the list without the
    always-true ones."""
    out = []
    for c in conds:
        s = simplify(c)
        if s is False:
            return None
        if s is not None and s not in out:
            out.append(s)
    return out


class PPStack:
    """Conditions of the #if/#ifdef groups enclosing a position."""

    def __init__(self):
        self.stack = []  # [cond, negated?]

    def feed(self, v):
        kind, arg = pp_kind(v)
        if kind == "ifdef":
            self.stack.append(["defined(%s)" % arg, False])
        elif kind == "ifndef":
            self.stack.append(["!defined(%s)" % arg, False])
        elif kind == "if":
            self.stack.append([arg, False])
        elif kind == "elif" and self.stack:
            self.stack[-1] = ["!(%s) && %s" % (self.stack[-1][0], arg), False]
        elif kind == "else" and self.stack:
            self.stack[-1][1] = True
        elif kind == "endif" and self.stack:
            self.stack.pop()

    def conds(self):
        out = []
        for c, neg in self.stack:
            if c.strip() == "0" and not neg:
                out.append("#if 0")
            else:
                out.append("!(%s)" % c if neg else c)
        return out


def match_brace(toks, i):
    """toks[i] is an opening bracket; index of its partner."""
    o = toks[i].v
    c = {"{": "}", "(": ")", "[": "]"}[o]
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].k == "op":
            if toks[j].v == o:
                depth += 1
            elif toks[j].v == c:
                depth -= 1
                if depth == 0:
                    return j
    raise ValueError("unbalanced %s at line %d" % (o, toks[i].line))


def split_top(toks, sep=","):
    parts, cur, depth = [], [], 0
    for t in toks:
        if t.k == "op" and t.v in "({[":
            depth += 1
        elif t.k == "op" and t.v in ")}]":
            depth -= 1
        if depth == 0 and t.k == "op" and t.v == sep:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def parse_initializer(toks):
    """Designated initializer body -> {field: (text, line)}. Array fields
    (.arg_type = { ... }) give a list of texts."""
    fields = {}
    for part in split_top([t for t in toks if t.k != "pp"]):
        if len(part) >= 3 and part[0].v == "." and part[1].k == "id":
            name = part[1].v
            k = 2
            # .arg_type[0] = ... style
            idx = None
            if part[k].v == "[":
                e = match_brace(part, k)
                idx = join(part[k + 1:e])
                k = e + 1
            if k < len(part) and part[k].v == "=":
                val = part[k + 1:]
                if val and val[0].v == "{" and match_brace(val, 0) == len(val) - 1:
                    items = [join(p) for p in split_top(val[1:-1])]
                    fields[name] = (items, part[0].line)
                elif idx is not None:
                    fields["%s[%s]" % (name, idx)] = (join(val), part[0].line)
                else:
                    fields[name] = (join(val), part[0].line)
    return fields


class Source:
    def __init__(self, tree):
        self.tree = tree
        self.protos = {}      # name -> [def]
        self.vops = {}        # name -> [def]
        self.funcs = {}       # name -> [def]
        self.gfp_inits = {}   # struct type -> [{name, func, file, line, when}]
        self.files = []

    def scan_file(self, rel):
        with open(os.path.join(self.tree, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "bpf_func_proto" not in text and "bpf_verifier_ops" not in text:
            return
        self.files.append(rel)
        toks = lex(text)
        pps = PPStack()
        depth = 0
        i = 0
        n = len(toks)
        while i < n:
            t = toks[i]
            if t.k == "pp":
                pps.feed(t.v)
                i += 1
                continue
            if t.k == "op" and t.v in "{":
                # skip over any brace group we did not claim below
                try:
                    i = self.skip_group(toks, i, pps)
                except ValueError:
                    i += 1
                continue
            if (t.v == "struct" and i + 4 < n and toks[i + 1].k == "id"
                    and toks[i + 1].v not in ("bpf_func_proto", "bpf_verifier_ops")
                    and toks[i + 2].k == "id" and toks[i + 3].v == "=" and toks[i + 4].v == "{"):
                # another initialised struct: keep its .get_func_proto, if any
                e = match_brace(toks, i + 4)
                f = parse_initializer(toks[i + 5:e])
                when = simplify_all(pps.conds())
                if "get_func_proto" in f and when is not None:
                    self.gfp_inits.setdefault(toks[i + 1].v, []).append(
                        {"name": toks[i + 2].v, "func": f["get_func_proto"][0], "file": rel,
                         "line": toks[i + 2].line, "when": when})
                i = e + 1
                continue
            if (t.v == "struct" and depth == 0 and i + 2 < n
                    and toks[i + 1].v in ("bpf_func_proto", "bpf_verifier_ops")):
                kind = toks[i + 1].v
                j = i + 2
                if toks[j].k == "id" and j + 2 < n and toks[j + 1].v == "=" and toks[j + 2].v == "{":
                    # an initialised object (maybe preceded by static/const)
                    name = toks[j].v
                    e = match_brace(toks, j + 2)
                    body = toks[j + 3:e]
                    d = {"file": rel, "line": toks[j].line, "when": simplify_all(pps.conds()),
                         "fields": parse_initializer(body)}
                    if d["when"] is not None:
                        (self.protos if kind == "bpf_func_proto" else self.vops).setdefault(name, []).append(d)
                    i = e + 1
                    continue
                if kind == "bpf_func_proto" and toks[j].v == "*":
                    # a function returning struct bpf_func_proto * ?
                    k = j + 1
                    weak = False
                    while k < n and toks[k].v in ("const", "__maybe_unused", "__weak", "noinline"):
                        weak = weak or toks[k].v == "__weak"
                        k += 1
                    if (k + 1 < n and toks[k].k == "id" and toks[k + 1].v == "("):
                        name = toks[k].v
                        pe = match_brace(toks, k + 1)
                        q = pe + 1
                        while q < n and toks[q].k == "id":  # attributes
                            q += 1
                        if q < n and toks[q].v == "{":
                            be = match_brace(toks, q)
                            params = [join(p) for p in split_top(toks[k + 2:pe])]
                            when = simplify_all(pps.conds())
                            weak = weak or any(t.v == "__weak" for t in toks[max(0, i - 3):k])
                            if when is not None:
                                d = {"file": rel, "line": toks[k].line, "when": when,
                                     "params": params, "body": toks[q + 1:be], "weak": weak}
                                self.funcs.setdefault(name, []).append(d)
                            i = be + 1
                            continue
            i += 1

    def skip_group(self, toks, i, pps):
        e = match_brace(toks, i)
        for t in toks[i:e]:
            if t.k == "pp":
                pps.feed(t.v)
        return e + 1

    def scan(self):
        for top in SCAN_DIRS:
            base = os.path.join(self.tree, top)
            for dp, dns, fns in os.walk(base):
                dns.sort()
                for fn in sorted(fns):
                    if fn.endswith((".c", ".h")):
                        rel = os.path.relpath(os.path.join(dp, fn), self.tree)
                        self.scan_file(rel)


# -------------------------------------------------- statements of a body


class S:
    """A statement: kind in return, if, switch, block, break, label, expr,
    ppif (preprocessor group: branches = [(cond, [stmts])])."""

    def __init__(self, kind, line, **kw):
        self.kind, self.line = kind, line
        self.__dict__.update(kw)


class BodyParser:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self, o=0):
        j = self.i + o
        return self.t[j] if j < len(self.t) else None

    def parse_list(self, stop_pp=False):
        out = []
        while self.i < len(self.t):
            t = self.peek()
            if t.k == "pp":
                kind, arg = pp_kind(t.v)
                if kind in ("if", "ifdef", "ifndef"):
                    out.append(self.parse_ppif())
                    continue
                if kind in ("else", "elif", "endif"):
                    if stop_pp:
                        return out
                    self.i += 1  # stray
                    continue
                self.i += 1
                continue
            if t.v == "}":
                return out
            out.append(self.parse_stmt())
        return out

    def parse_ppif(self):
        t = self.peek()
        kind, arg = pp_kind(t.v)
        cond = {"ifdef": "defined(%s)" % arg, "ifndef": "!defined(%s)" % arg}.get(kind, arg)
        self.i += 1
        branches = []
        prev = []
        while True:
            body = self.parse_list(stop_pp=True)
            branches.append((cond, body))
            prev.append(cond)
            t = self.peek()
            if t is None:
                break
            kind, arg = pp_kind(t.v)
            self.i += 1
            if kind == "endif":
                break
            if kind == "else":
                cond = "!(%s)" % " || ".join(prev)
            elif kind == "elif":
                cond = "!(%s) && %s" % (" || ".join(prev), arg)
        has_else = any(c.startswith("!(") and c not in prev[:1] for c, _ in branches[1:])
        return S("ppif", t.line if t else 0, branches=branches, has_else=has_else)

    def expr_until(self, stop=";"):
        start = self.i
        depth = 0
        while self.i < len(self.t):
            t = self.t[self.i]
            if t.k == "op" and t.v in "({[":
                depth += 1
            elif t.k == "op" and t.v in ")}]":
                depth -= 1
            elif depth == 0 and t.v == stop:
                toks = [x for x in self.t[start:self.i] if x.k != "pp"]
                self.i += 1
                return toks
            self.i += 1
        return [x for x in self.t[start:] if x.k != "pp"]

    def paren(self):
        assert self.peek().v == "(", self.peek()
        e = match_brace(self.t, self.i)
        toks = [x for x in self.t[self.i + 1:e] if x.k != "pp"]
        self.i = e + 1
        return toks

    def parse_stmt(self):
        t = self.peek()
        line = t.line
        if t.v == "{":
            self.i += 1
            body = self.parse_list()
            self.i += 1  # }
            return S("block", line, body=body)
        if t.v == "return":
            self.i += 1
            return S("return", line, expr=self.expr_until(";"))
        if t.v in ("break", "continue"):
            self.i += 1
            self.expr_until(";")
            return S("break", line)
        if t.v == "if":
            self.i += 1
            cond = self.paren()
            then = self.parse_stmt_pp()
            els = None
            if self.peek() is not None and self.peek().v == "else":
                self.i += 1
                els = self.parse_stmt_pp()
            return S("if", line, cond=cond, then=then, els=els)
        if t.v == "switch":
            self.i += 1
            on = self.paren()
            body = self.parse_stmt()
            return S("switch", line, on=on, body=body.body if body.kind == "block" else [body])
        if t.v in ("while", "for"):
            self.i += 1
            self.paren()
            return S("if", line, cond=[Tok("id", "loop", line)], then=self.parse_stmt_pp(), els=None)
        if t.v == "do":
            self.i += 1
            body = self.parse_stmt()
            self.expr_until(";")
            return S("if", line, cond=[Tok("id", "loop", line)], then=body, els=None)
        if t.k == "id" and self.peek(1) is not None and self.peek(1).v == "(":
            # a loop macro: list_for_each_entry(...) { ... }
            e = match_brace(self.t, self.i + 1)
            if e + 1 < len(self.t) and self.t[e + 1].v == "{":
                self.i = e + 1
                return S("if", line, cond=[Tok("id", t.v + "(...)", line)], then=self.parse_stmt(), els=None)
        if t.v == "case":
            self.i += 1
            lab = self.expr_until(":")
            return S("label", line, case=join(lab))
        if t.v == "default" and self.peek(1) is not None and self.peek(1).v == ":":
            self.i += 2
            return S("label", line, case=None)
        if t.v == ";":
            self.i += 1
            return S("expr", line, expr=[])
        return S("expr", line, expr=self.expr_until(";"))

    def parse_stmt_pp(self):
        # an if/else body may be preceded by preprocessor lines; skip them
        while self.peek() is not None and self.peek().k == "pp":
            self.i += 1
        return self.parse_stmt()


# ------------------------------------------------------------- evaluation


class Out:
    """One possible result: proto key (None = NULL, '?' = unresolved)."""
    __slots__ = ("proto", "when", "via", "text")

    def __init__(self, proto, when, via, text=None):
        self.proto, self.when, self.via, self.text = proto, tuple(when), tuple(via), text


class Evaluator:
    def __init__(self, src):
        self.src = src
        self.memo = {}
        self.unresolved = set()
        self.proto_keys = {}
        for name, defs in src.protos.items():
            for d in defs:
                d["key"] = name if len(defs) == 1 else "%s@%s" % (name, d["file"])
        self.parsed = {}
        for name, defs in src.funcs.items():
            for d in defs:
                d["key"] = name if len(defs) == 1 else "%s@%s" % (name, d["file"])
                try:
                    p = BodyParser(d["body"])
                    d["stmts"] = p.parse_list()
                    d["error"] = None
                except Exception as e:  # recorded, reported
                    d["stmts"] = []
                    d["error"] = "parse error: %s" % e

    def proto_ref(self, name, file):
        defs = self.src.protos.get(name)
        if not defs:
            return None
        same = [d for d in defs if d["file"] == file]
        return same if same else defs

    def func_ref(self, name, file):
        defs = self.src.funcs.get(name)
        if not defs:
            return None
        strong = [d for d in defs if not d["weak"]]
        if strong:  # a __weak stub is replaced at link time
            defs = strong
        same = [d for d in defs if d["file"] == file]
        return same if same else defs

    # -- the function of a program type, for one helper
    def call(self, fname, file, hid, via, when):
        defs = self.func_ref(fname, file)
        if defs is None:
            return None
        outs = []
        for d in defs:
            if d["key"] in via:
                outs.append(Out("?", when, via, "recursion into %s" % d["key"]))
                continue
            key = (d["key"], hid)
            if key not in self.memo:
                self.memo[key] = self.run_function(d, hid)
            extra = list(d["when"]) if len(defs) > 1 or d["when"] else []
            for o in self.memo[key]:
                outs.append(Out(o.proto, list(when) + extra + list(o.when), list(via) + [d["key"]] + list(o.via), o.text))
        return outs

    def run_function(self, d, hid):
        if d["error"]:
            return [Out("?", [], [], d["error"])]
        fid = "func_id"
        for prm in d["params"]:
            if "bpf_func_id" in prm:
                fid = prm.split()[-1]
        ctx = {"vars": {}, "when": [], "file": d["file"], "fid": fid, "body": d["body"]}
        outs, cont = self.exec_list(d["stmts"], hid, ctx)
        if cont:
            # falling off the end of a non-void function: nothing sensible
            outs.append(Out("?", [], [], "falls off the end of %s" % d["key"]))
        return outs

    # exec_* return (outcomes, continuation ctx or None)
    def exec_list(self, stmts, hid, ctx):
        outs = []
        for i, s in enumerate(stmts):
            if ctx is None:
                break
            o, ctx = self.exec_stmt(s, hid, ctx)
            outs += o
        return outs, ctx

    def exec_stmt(self, s, hid, ctx):
        k = s.kind
        if k == "return":
            return self.eval_expr(s.expr, hid, ctx), None
        if k == "block":
            return self.exec_list(s.body, hid, ctx)
        if k in ("label",):
            return [], ctx
        if k == "break":
            return [], dict(ctx, broke=True) if False else self.mark_break(ctx)
        if k == "expr":
            self.assign(s.expr, hid, ctx)
            return [], ctx
        if k == "if":
            val = self.eval_cond(s.cond, hid, ctx)
            ctext = join(s.cond)
            if self.narrow(ctx, s.cond, True) is not ctx:
                ctext = None  # a test of a prototype variable: narrowing says it all
            outs = []
            conts = []
            if val is not False:
                c1 = self.with_when(ctx, ctext if val is None and ctext else None)
                c1 = self.narrow(c1, s.cond, True)
                o, c = self.exec_stmt(s.then, hid, c1)
                outs += o
                if c is not None:
                    conts.append(c)
            if val is not True:
                c2 = self.with_when(ctx, "!(%s)" % ctext if val is None and ctext else None)
                c2 = self.narrow(c2, s.cond, False)
                if s.els is not None:
                    o, c = self.exec_stmt(s.els, hid, c2)
                    outs += o
                    if c is not None:
                        conts.append(c)
                else:
                    conts.append(c2)
            return outs, self.merge(conts, ctx)
        if k == "ppif":
            outs = []
            conts = []
            for cond, body in s.branches:
                if cond.strip() == "0":
                    continue
                o, c = self.exec_list(body, hid, self.with_when(ctx, "#if " + cond))
                outs += o
                if c is not None:
                    conts.append(c)
            if not s.has_else:
                conts.append(ctx)
            return outs, self.merge(conts, ctx)
        if k == "switch":
            return self.exec_switch(s, hid, ctx)
        return [], ctx

    def mark_break(self, ctx):
        c = dict(ctx)
        c["broke"] = True
        return c

    def with_when(self, ctx, cond):
        if cond is None:
            return ctx
        c = dict(ctx)
        c["when"] = list(ctx["when"]) + [cond]
        c["vars"] = dict(ctx["vars"])
        return c

    def narrow(self, ctx, cond, truth):
        """`if (fn)` / `if (!fn)`: keep only the matching outcomes of fn."""
        text = [t.v for t in cond]
        var, want_null = None, None
        if len(text) == 1 and text[0] in ctx["vars"]:
            var, want_null = text[0], not truth
        elif len(text) == 2 and text[0] == "!" and text[1] in ctx["vars"]:
            var, want_null = text[1], truth
        if var is None:
            return ctx
        c = dict(ctx)
        c["vars"] = dict(ctx["vars"])
        c["vars"][var] = [o for o in ctx["vars"][var] if (o.proto is None) == want_null]
        return c

    def merge(self, conts, orig):
        conts = [c for c in conts if c is not None]
        if not conts:
            return None
        if len(conts) == 1:
            return conts[0]
        # paths join: the conditions common to all, variables unioned
        when = [w for w in conts[0]["when"] if all(w in c["when"] for c in conts[1:])]
        vars_ = {}
        for c in conts:
            for v, outs in c["vars"].items():
                vars_.setdefault(v, [])
                vars_[v] += [o for o in outs if o not in vars_[v]]
        m = dict(orig)
        m["when"] = when
        m["vars"] = vars_
        if all(c.get("broke") for c in conts):
            m["broke"] = True
        elif any(c.get("broke") for c in conts):
            m["broke"] = "maybe"
        return m

    def exec_switch(self, s, hid, ctx):
        on = join(s.on)
        flat = []  # (stmt, [pp conds])

        def flatten(stmts, conds):
            for st in stmts:
                if st.kind == "ppif":
                    for cond, body in st.branches:
                        flatten(body, conds + ["#if " + cond])
                else:
                    flat.append((st, conds))
        flatten(s.body, [])
        c0 = dict(ctx)
        c0.pop("broke", None)
        if on == ctx["fid"]:
            name = HELPER_BY_ID.get(hid)
            labels = [i for i, (st, _) in enumerate(flat) if st.kind == "label"
                      and st.case == "BPF_FUNC_" + name]
            starts = [(i, conds) for i in labels for (_, conds) in [flat[i]]]
            if not labels or all(flat[i][1] for i in labels):
                defaults = [i for i, (st, _) in enumerate(flat) if st.kind == "label" and st.case is None]
                if defaults:
                    for i in defaults:
                        neg = ["not " + c for i2 in labels for c in flat[i2][1]]
                        starts.append((i, flat[i][1] + neg))
                else:
                    starts.append((None, ["not " + c for i2 in labels for c in flat[i2][1]]))
            return self.run_from(flat, starts, hid, c0)
        # a switch on something else: every case may be taken
        starts = [(i, ["switch (%s) %s" % (on, "case " + st.case if st.case else "default")])
                  for i, (st, _) in enumerate(flat) if st.kind == "label"]
        if not any(flat[i][0].case is None for i, _ in starts):
            starts.append((None, ["switch (%s) no case" % on]))
        return self.run_from(flat, starts, hid, c0)

    def run_from(self, flat, starts, hid, ctx):
        outs = []
        conts = []
        for start, conds in starts:
            c = ctx
            for w in conds:
                c = self.with_when(c, w)
            if start is None:
                conts.append(c)
                continue
            i = start
            while i < len(flat) and c is not None:
                st, ppc = flat[i]
                extra = [w for w in ppc if w not in c["when"]]
                if extra and st.kind != "label":
                    # under a preprocessor condition: may be compiled out
                    cc = c
                    for w in extra:
                        cc = self.with_when(cc, w)
                    o, cc2 = self.exec_stmt(st, hid, cc)
                    outs += o
                    if cc2 is not None and cc2.get("broke"):
                        conts.append(cc2)
                    # and the path where it is not compiled in goes on
                else:
                    o, c = self.exec_stmt(st, hid, c)
                    outs += o
                    if c is not None and c.get("broke"):
                        if c["broke"] == "maybe":
                            conts.append(dict(c, broke=None))
                            c = dict(c, broke=None)
                        else:
                            conts.append(c)
                            c = None
                            break
                i += 1
            if c is not None:
                conts.append(c)
        merged = self.merge(conts, ctx)
        if merged is not None:
            merged = dict(merged)
            merged.pop("broke", None)
        return outs, merged

    def assign(self, toks, hid, ctx):
        # `T *v = E`, `v = E`
        for j, t in enumerate(toks):
            if t.v == "=" and j > 0 and toks[j - 1].k == "id":
                var = toks[j - 1].v
                if var not in ctx["vars"] and not any(x.v == "bpf_func_proto" for x in toks[:j]):
                    return  # not a prototype pointer
                ctx["vars"] = dict(ctx["vars"])
                ctx["vars"][var] = self.eval_expr(toks[j + 1:], hid, dict(ctx, when=[]))
                return
        # a declaration without initialiser: `const struct bpf_func_proto *fn;`
        if (len(toks) >= 2 and toks[-1].k == "id" and toks[-2].v == "*"
                and any(x.v == "bpf_func_proto" for x in toks)):
            ctx["vars"] = dict(ctx["vars"])
            ctx["vars"][toks[-1].v] = [Out(None, [], [])]

    def eval_cond(self, toks, hid, ctx):
        """True/False when the condition only depends on func_id."""
        text = join(toks)
        m = re.fullmatch(r"\(?%s\s*(==|!=)\s*BPF_FUNC_(\w+)\)?" % re.escape(ctx["fid"]), text)
        if m:
            eq = HELPER_BY_ID.get(hid) == m.group(2)
            return eq if m.group(1) == "==" else not eq
        return None

    def eval_expr(self, toks, hid, ctx):
        while toks and toks[0].v == "(" and match_brace(toks, 0) == len(toks) - 1:
            toks = toks[1:-1]
        text = join(toks)
        when = ctx["when"]
        if not toks:
            return [Out("?", when, [], "empty return")]
        # cond ? a : b
        depth = 0
        q = None
        for j, t in enumerate(toks):
            if t.v in "([{":
                depth += 1
            elif t.v in ")]}":
                depth -= 1
            elif depth == 0 and t.v == "?" and q is None:
                q = j
        if q is not None:
            depth = 0
            nest = 0
            for j in range(q + 1, len(toks)):
                t = toks[j]
                if t.v in "([{":
                    depth += 1
                elif t.v in ")]}":
                    depth -= 1
                elif depth == 0 and t.v == "?":
                    nest += 1
                elif depth == 0 and t.v == ":":
                    if nest == 0:
                        cond = toks[:q]
                        val = self.eval_cond(cond, hid, ctx)
                        ct = join(cond)
                        outs = []
                        if val is not False:
                            outs += self.eval_expr(toks[q + 1:j], hid,
                                                   self.with_when(ctx, ct if val is None else None))
                        if val is not True:
                            outs += self.eval_expr(toks[j + 1:], hid,
                                                   self.with_when(ctx, "!(%s)" % ct if val is None else None))
                        return outs
                    nest -= 1
        if text == "NULL" or text == "0":
            return [Out(None, when, [])]
        if len(toks) == 2 and toks[0].v == "&" and toks[1].k == "id":
            defs = self.proto_ref(toks[1].v, ctx["file"])
            if defs is None:
                self.unresolved.add(toks[1].v)
                return [Out("?", when, [], "no initialiser of %s found" % toks[1].v)]
            return [Out(d["key"], list(when) + (list(d["when"]) if len(defs) > 1 else []), [])
                    for d in defs]
        if len(toks) == 1 and toks[0].k == "id" and toks[0].v in ctx["vars"]:
            return [Out(o.proto, list(when) + list(o.when), o.via, o.text) for o in ctx["vars"][toks[0].v]]
        fp = self.fnptr_call(toks, hid, ctx)
        if fp is not None:
            return fp
        if len(toks) >= 3 and toks[0].k == "id" and toks[1].v == "(" and match_brace(toks, 1) == len(toks) - 1:
            r = self.call(toks[0].v, ctx["file"], hid, [], when)
            if r is not None:
                return r
        self.unresolved.add(text)
        return [Out("?", when, [], "unresolved: %s" % text)]


    def fnptr_call(self, toks, hid, ctx):
        """X->get_func_proto(...): every initialiser of X's struct type that
        sets .get_func_proto is a candidate."""
        for j in range(len(toks) - 2):
            if (toks[j].v in ("->", ".") and toks[j + 1].v == "get_func_proto"
                    and toks[j + 2].v == "(" and match_brace(toks, j + 2) == len(toks) - 1):
                base = toks[j - 1].v if j > 0 else ""
                stype = None
                body = ctx.get("body", [])
                for q in range(len(body) - 3):
                    if (body[q].v == "struct" and body[q + 2].v == "*" and body[q + 3].v == base):
                        stype = body[q + 1].v
                cands = self.src.gfp_inits.get(stype, []) if stype else \
                    [x for v in self.src.gfp_inits.values() for x in v]
                outs = []
                for c in cands:
                    r = self.call(c["func"], c["file"], hid, [],
                                  list(ctx["when"]) + ["%s is struct %s %s (%s:%d)" % (
                                      base, stype or "?", c["name"], c["file"], c["line"])] + c["when"])
                    if r is not None:
                        outs += r
                return outs + [Out(None, ctx["when"], [])]
        return None


HELPER_BY_ID = {}

# --------------------------------------------------------------- reading


def read_helpers(tree):
    path = "include/uapi/linux/bpf.h"
    with open(os.path.join(tree, path), encoding="utf-8", errors="replace") as f:
        text = f.read()
    lines = text.split("\n")
    # the mapper macro: ___BPF_FUNC_MAPPER(FN, ctx...) (6.2+, explicit ids)
    # or __BPF_FUNC_MAPPER(FN) (up to 6.1, ids in order from 0)
    for macro in ("___BPF_FUNC_MAPPER", "__BPF_FUNC_MAPPER"):
        m = re.search(r"^#define\s+%s\(([^)]*)\)" % macro, text, re.M)
        if m:
            break
    else:
        raise SystemExit("extract_source: no __BPF_FUNC_MAPPER in %s" % path)
    start = text.count("\n", 0, m.start()) + 1
    body = []
    ln = start
    while True:
        l = lines[ln - 1]
        body.append((ln, l))
        if not l.rstrip().endswith("\\"):
            break
        ln += 1
    helpers = []
    explicit = None
    for ln, l in body:
        for fm in re.finditer(r"\bFN\(\s*(\w+)\s*(?:,\s*(\d+)\s*)?(?:,[^)]*)?\)", l):
            name, num = fm.group(1), fm.group(2)
            if explicit is None:
                explicit = num is not None
            hid = int(num) if num is not None else len(helpers)
            helpers.append({"id": hid, "name": name, "line": ln})
    ids = [h["id"] for h in helpers]
    if len(set(ids)) != len(ids):
        raise SystemExit("extract_source: duplicate helper ids in %s" % path)
    return {"file": path, "macro": macro, "line": start, "explicit_ids": bool(explicit),
            "helpers": helpers}


def read_prog_types(tree):
    path = "include/linux/bpf_types.h"
    with open(os.path.join(tree, path), encoding="utf-8", errors="replace") as f:
        toks = lex(f.read())
    pps = PPStack()
    out = []
    for i, t in enumerate(toks):
        if t.k == "pp":
            pps.feed(t.v)
            continue
        if t.v == "BPF_PROG_TYPE" and i + 1 < len(toks) and toks[i + 1].v == "(":
            e = match_brace(toks, i + 1)
            args = [join(p) for p in split_top(toks[i + 2:e])]
            if not args or not args[0].startswith("BPF_PROG_TYPE_"):
                continue  # the macro's own definition
            out.append({"enum": args[0], "name": args[0][len("BPF_PROG_TYPE_"):].lower(),
                        "ops": args[1] + "_verifier_ops", "line": t.line, "when": pps.conds()})
    return path, out


def kernel_series(version):
    m = re.match(r"(\d+\.\d+)", version)
    return m.group(1) if m else version


def extract(tree, package, version, date):
    helpers_info = read_helpers(tree)
    helpers = helpers_info["helpers"]
    HELPER_BY_ID.clear()
    for h in helpers:
        HELPER_BY_ID[h["id"]] = h["name"]
    pt_file, prog_types = read_prog_types(tree)
    src = Source(tree)
    src.scan()
    ev = Evaluator(src)

    out_pt = {}
    for pt in prog_types:
        ops = src.vops.get(pt["ops"])
        entry = {"enum": pt["enum"], "where": "%s:%d" % (pt_file, pt["line"]),
                 "verifier_ops": pt["ops"]}
        if pt["when"]:
            entry["when"] = pt["when"]
        if not ops:
            entry["get_func_proto"] = None
            entry["note"] = "no initialiser of %s found" % pt["ops"]
        else:
            gfp = [(d["fields"].get("get_func_proto", (None, 0))[0], d) for d in ops]
            entry["verifier_ops_where"] = ["%s:%d" % (d["file"], d["line"]) for _, d in gfp]
            names = sorted(set(g for g, _ in gfp if g))
            entry["get_func_proto"] = names[0] if len(names) == 1 else (names or None)
        out_pt[pt["name"]] = entry

    # protos
    out_protos = {}
    for name, defs in sorted(src.protos.items()):
        for d in defs:
            f = d["fields"]
            p = {"name": name, "where": "%s:%d" % (d["file"], d["line"])}
            if d["when"]:
                p["when"] = d["when"]
            if "func" in f:
                p["func"] = f["func"][0]
            if "gpl_only" in f:
                p["gpl_only"] = f["gpl_only"][0] == "true"
            if "might_sleep" in f:
                p["might_sleep"] = f["might_sleep"][0] == "true"
            if "ret_type" in f:
                p["ret_type"] = norm_flags(f["ret_type"][0])
            args = []
            at = f.get("arg_type", (None, 0))[0]
            for n in range(1, 6):
                ty = f.get("arg%d_type" % n, (None, 0))[0]
                if ty is None and isinstance(at, list) and n <= len(at):
                    ty = at[n - 1]
                if ty is None:
                    ty = f.get("arg_type[%d]" % (n - 1), (None, 0))[0]
                if ty is None:
                    continue
                a = {"arg": n, "type": norm_flags(ty)}
                sz = f.get("arg%d_size" % n)
                if sz:
                    a["size"] = sz[0]
                    try:
                        a["size_bytes"] = int(sz[0], 0)
                    except ValueError:
                        pass
                bt = f.get("arg%d_btf_id" % n)
                if bt:
                    a["btf_id"] = bt[0]
                args.append(a)
            p["args"] = args
            out_protos[d["key"]] = p

    out_funcs = {}
    for name, defs in sorted(src.funcs.items()):
        for d in defs:
            fd = {"name": name, "where": "%s:%d" % (d["file"], d["line"]), "params": d["params"]}
            if d["when"]:
                fd["when"] = d["when"]
            if d["error"]:
                fd["error"] = d["error"]
            out_funcs[d["key"]] = fd

    out_helpers = []
    for h in helpers:
        if h["id"] == 0:
            continue
        per_pt = {}
        for ptname, entry in out_pt.items():
            g = entry.get("get_func_proto")
            if not g:
                continue
            gs = g if isinstance(g, list) else [g]
            ops_file = None
            for d in src.vops.get(entry["verifier_ops"], []):
                ops_file = d["file"]
            outs = []
            for gname in gs:
                r = ev.call(gname, ops_file, h["id"], [], [])
                if r is None:
                    r = [Out("?", [], [], "no definition of %s found" % gname)]
                outs += r
            kept = []
            for o in outs:
                w = simplify_all(o.when)
                if w is not None:
                    kept.append(Out(o.proto, w, o.via, o.text))
            outs = kept
            real = [o for o in outs if o.proto is not None]
            if not real:
                continue
            protos = []
            for o in real:
                if o.proto not in protos and o.proto != "?":
                    protos.append(o.proto)
            paths = []
            seen = set()
            for o in outs:
                key = (o.proto, o.when, o.via)
                if key in seen:
                    continue
                seen.add(key)
                pe = {"proto": o.proto, "via": list(o.via)}
                if o.when:
                    pe["when"] = list(o.when)
                if o.text:
                    pe["note"] = o.text
                paths.append(pe)
            res = {"protos": protos, "one_of": len(protos) > 1,
                   "conditional": any(o.when for o in outs) or any(o.proto is None for o in outs)}
            if any(o.proto is None for o in outs):
                res["may_be_null"] = True
            if any(o.proto == "?" for o in outs):
                res["unresolved"] = sorted({o.text for o in outs if o.proto == "?"})
            res["paths"] = paths
            per_pt[ptname] = res
        out_helpers.append({"id": h["id"], "name": "bpf_" + h["name"],
                            "where": "%s:%d" % (helpers_info["file"], h["line"]),
                            "prog_types": per_pt})

    n_pairs = sum(len(h["prog_types"]) for h in out_helpers)
    unresolved_protos = sorted({p for h in out_helpers for r in h["prog_types"].values()
                                for p in r["protos"] if p == "?"})
    doc = {
        "format": "helperguard-extracted/1",
        "kernel": kernel_series(version),
        "provenance": {
            "kind": "debian-source-package",
            "package": package,
            "version": version,
            "extractor": "helper-db/extractors/extract_source.py",
            "extractor_version": EXTRACTOR_VERSION,
            "date": date,
            "files_read": sorted(set(src.files) | {helpers_info["file"], pt_file}),
        },
        "summary": {
            "helper_ids": len([h for h in helpers if h["id"] != 0]),
            "max_id": max(h["id"] for h in helpers),
            "last_helper": "bpf_" + max(helpers, key=lambda h: h["id"])["name"],
            "prog_types": len(out_pt),
            "prog_types_with_func_proto": len([e for e in out_pt.values() if e.get("get_func_proto")]),
            "protos": len(out_protos),
            "func_proto_functions": len(out_funcs),
            "helper_prog_type_pairs": n_pairs,
            "one_of_pairs": sum(1 for h in out_helpers for r in h["prog_types"].values() if r["one_of"]),
            "conditional_pairs": sum(1 for h in out_helpers for r in h["prog_types"].values() if r["conditional"]),
            "unresolved_pairs": sum(1 for h in out_helpers for r in h["prog_types"].values() if "unresolved" in r),
            "unresolved": sorted(ev.unresolved),
        },
        "helper_ids": {"where": "%s:%d" % (helpers_info["file"], helpers_info["line"]),
                       "macro": helpers_info["macro"], "explicit_ids": helpers_info["explicit_ids"]},
        "prog_types": out_pt,
        "helpers": out_helpers,
        "protos": out_protos,
        "functions": out_funcs,
    }
    del unresolved_protos
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tree")
    ap.add_argument("--package", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("-o", "--output")
    a = ap.parse_args()
    doc = extract(a.tree, a.package, a.version, a.date)
    text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
    if a.output:
        tmp = a.output + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, a.output)
    else:
        sys.stdout.write(text)
    s = doc["summary"]
    print("extract_source: %s %s: %d helper ids (max %d, %s), %d prog types, %d protos, %d pairs"
          % (a.package, a.version, s["helper_ids"], s["max_id"], s["last_helper"], s["prog_types"],
             s["protos"], s["helper_prog_type_pairs"]), file=sys.stderr)


if __name__ == "__main__":
    main()
