#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# html-render.sh TOOL RESULT.json OUTDIR: `helperguard matrix --html` draws
# RESULT.json (a matrix result with sweeps; no guest runs), and headless
# Chromium renders the page: its DOM has one <svg> per sweep and metric
# (4 per sweep), every plot at least one <polyline>, the kernels' names, and
# a screenshot is written. Exit: 0 pass; 1 fail; 77 (skipped, said loudly)
# when Chromium (Debian package chromium, scripts/lib/deps.sh) is missing.
set -euo pipefail
tool=${1:?usage: html-render.sh TOOL RESULT.json OUTDIR}
json=${2:?usage: html-render.sh TOOL RESULT.json OUTDIR}
out=${3:?usage: html-render.sh TOOL RESULT.json OUTDIR}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIPPED: chromium is not installed (Debian package 'chromium', in"
  echo "SKIPPED: scripts/lib/deps.sh): the HTML report's rendering is NOT checked"
  exit 77
fi
rm -rf "$out"; mkdir -p "$out"
"$tool" matrix --html "$out/report.html" "$json"
# Chromium wants a writable home and no sandbox when run as root in CI.
export HOME=$out/home
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/profile")
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$out/report.html" > "$out/dom.html" 2> "$out/chromium.log" || {
  echo "FAIL chromium could not render the page:"; tail -5 "$out/chromium.log"; exit 1; }
timeout 120 "$chromium" "${flags[@]}" --window-size=1400,2400 --screenshot="$out/report.png" \
  "file://$out/report.html" >> "$out/chromium.log" 2>&1 || true
python3 - "$json" "$out/dom.html" "$out/report.png" <<'PY'
import json, os, re, sys
res, dom, png = json.load(open(sys.argv[1])), open(sys.argv[2]).read(), sys.argv[3]
fams = {}
for k in res["kernels"]:
    for p in k["programs"]:
        m = re.match(r"^(.+)-(\d+)\.o$", os.path.basename(p["object"]))
        if m:
            fams.setdefault(m.group(1) + ":" + p["program"], set()).add(int(m.group(2)))
sweeps = [f for f, ns in fams.items() if len(ns) >= 2]
svgs = re.findall(r"<svg\b.*?</svg>", dom, re.S)
failed = 0
def check(ok, msg):
    global failed
    print(("PASS " if ok else "FAIL ") + msg)
    failed += not ok
check(len(sweeps) > 0, "the result has %d sweeps" % len(sweeps))
check(len(svgs) == 4 * len(sweeps), "the rendered DOM has %d <svg> plots (4 per sweep: %d)"
      % (len(svgs), 4 * len(sweeps)))
check(all("<polyline" in s for s in svgs), "every plot has a line (%d <polyline> in all)"
      % sum(s.count("<polyline") for s in svgs))
for k in res["kernels"]:
    check(k["version"] in dom, "kernel %s is in the page" % k["version"])
check(os.path.exists(png) and os.path.getsize(png) > 10000,
      "the screenshot %s was written (%d bytes)" % (png, os.path.getsize(png) if os.path.exists(png) else 0))
print("%d failed" % failed)
sys.exit(1 if failed else 0)
PY
