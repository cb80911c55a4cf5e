#!/usr/bin/env python3
"""semantics_check.py RESULTS.LOG --inputs N

Checks the guest results of test/robustness/semantics.sh: for every object
NAME built as NAME.plain.o and NAME.guarded.o and every program in it that
BPF_PROG_TEST_RUN can run, every generated input must give the same INPUT
line (retval or errno, data_out size and hash, ctx_out hash) in both builds.
The plain object ran twice (NAME.replay): a program whose two identical runs
differ is nondeterministic and is reported (NONDETERMINISTIC), not compared.
Prints PASS/FAIL per program, INFO totals, and "N passed, M failed"; exits 1
on any failure or when nothing was compared.
"""
import argparse
import collections
import sys


def parse(path):
    """{object: {build: {"progs": {prog: state}, "rc": rc, "errors": [...]}}}"""
    objs = collections.defaultdict(dict)
    cur = None
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "OBJ" and len(w) == 2:
                base, _, build = w[1].rpartition(".")
                cur = {"progs": {}, "rc": None, "errors": []}
                objs[base][build] = cur
                continue
            if cur is None:
                continue
            if w[0] == "OBJEND":
                cur["rc"] = w[2] if len(w) > 2 else "?"
                cur = None
                continue
            if w[0] == "ERROR":
                cur["errors"].append(line.strip())
                continue
            if len(w) < 2 or w[0] not in ("LOADED", "LOADFAIL", "SKIP", "INPUT", "SEMDONE"):
                continue
            kind, prog = w[0], w[1]
            st = cur["progs"].setdefault(
                prog, {"state": None, "inputs": {}, "done": None, "why": ""})
            if kind == "LOADED":
                st["state"] = "loaded"
            elif kind == "LOADFAIL":
                st["state"] = "loadfail"
                st["why"] = " ".join(w[2:])
            elif kind == "SKIP":
                st["state"] = "skip"
                st["why"] = " ".join(w[2:])
            elif kind == "INPUT" and len(w) >= 4:
                st["inputs"][int(w[2])] = " ".join(w[3:])
            elif kind == "SEMDONE":
                st["done"] = dict(kv.split("=", 1) for kv in w[2:] if "=" in kv)
    return objs


def summary(results):
    """'1x150,2x50' over the retvals/errnos of one build."""
    c = collections.Counter(r.split()[0] for r in results.values())
    return ",".join("%sx%d" % (k.replace("retval=", ""), n)
                    for k, n in sorted(c.items(), key=lambda kv: -kv[1]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--inputs", type=int, required=True)
    a = ap.parse_args()
    objs = parse(a.results)
    passed = failed = noload = skipped = inputs_equal = 0
    nondet = []

    def fail(name, why):
        nonlocal failed
        print("FAIL %s (%s)" % (name, why))
        failed += 1

    for base in sorted(objs):
        builds = objs[base]
        if set(builds) != {"plain", "guarded", "replay"}:
            fail(base, "builds in the results: %s" % sorted(builds))
            continue
        pl, gu, rp = builds["plain"], builds["guarded"], builds["replay"]
        for b in (pl, gu, rp):
            if b["rc"] is None:
                fail(base, "the loader did not finish (guest crash or timeout?)")
            for e in b["errors"]:
                fail(base, e)
        for prog in sorted(set(pl["progs"]) | set(gu["progs"])):
            name = "%s:%s" % (base, prog)
            p, g = pl["progs"].get(prog), gu["progs"].get(prog)
            if p is None or g is None:
                fail(name, "program missing from the %s build" %
                     ("plain" if p is None else "guarded"))
                continue
            if p["state"] == "skip" and g["state"] == "skip":
                skipped += 1
                continue
            if p["state"] == "loadfail" and g["state"] == "loadfail":
                print("INFO %s not loadable in either build (%s)" % (name, p["why"]))
                noload += 1
                continue
            if p["state"] != "loaded" or g["state"] != "loaded":
                fail(name, "plain %s, guarded %s %s" % (p["state"], g["state"],
                                                        p["why"] or g["why"]))
                continue
            if not p["done"] or not g["done"]:
                fail(name, "no SEMDONE line (loader stopped)")
                continue
            n = a.inputs
            r = rp["progs"].get(prog)
            if r is None or r["state"] != "loaded" or not r["done"]:
                fail(name, "the replay of the plain build did not run")
                continue
            unstable = [i for i in range(n) if p["inputs"].get(i) != r["inputs"].get(i)]
            if unstable:
                i = unstable[0]
                print("NONDETERMINISTIC %s: %d of %d inputs differ between two identical runs "
                      "of the plain object (input %d: '%s', then '%s'); not compared"
                      % (name, len(unstable), n, i, p["inputs"].get(i), r["inputs"].get(i)))
                nondet.append(name)
                continue
            missing = [i for i in range(n) if i not in p["inputs"] or i not in g["inputs"]]
            if missing:
                fail(name, "%d inputs without a result, first %d" % (len(missing), missing[0]))
                continue
            diff = [i for i in range(n) if p["inputs"][i] != g["inputs"][i]]
            if diff:
                i = diff[0]
                fail(name, "%d of %d inputs differ; input %d: plain '%s', guarded '%s'"
                     % (len(diff), n, i, p["inputs"][i], g["inputs"][i]))
                continue
            passed += 1
            inputs_equal += n
            ran = p["done"].get("ok", "?")
            print("PASS %s inputs=%d ran=%s results=%s" % (name, n, ran, summary(p["inputs"])))
    print("INFO %d programs x %d inputs: %d equal (retval, data_out, ctx_out) results; "
          "%d not loadable in either build; %d programs of types without test runs"
          % (passed, a.inputs, inputs_equal, noload, skipped))
    if nondet:
        print("WARNING %d nondeterministic program(s), not compared: %s. Such a program "
              "reads memory nobody wrote; fix it or mark its source "
              "'HG-SEMANTICS: nondeterministic'." % (len(nondet), ", ".join(nondet)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
