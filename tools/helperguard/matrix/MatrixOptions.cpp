//===- MatrixOptions.cpp - Parse the matrix command line ------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Objects and kernel images given as paths are checked here, so that a bad
// input fails in a second with a clear message instead of after a boot.
//
//===----------------------------------------------------------------------===//

#include "MatrixOptions.h"
#include "../ToolSupport.h"
#include "GuestRun.h"
#include "ResultsParser.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

const char MatrixHelp[] =
    R"(usage: helperguard matrix [options] OBJ.o...
       helperguard matrix --compare [options] BASE NEW
       helperguard matrix merge A.json B.json...

Boots each kernel under QEMU (one guest at a time, or --jobs) with a throw-away
initramfs holding the objects and a static libbpf loader, loads every program
of every object on its own and reports, per kernel and program: loaded or
rejected (key verifier message and category), processed instructions, stack
depth, total/peak states, conditional branches in the object vs in the
verifier's rewritten program (xlated; branches the verifier removed are how
the helper-prototype miscompile shows), the BPF_PROG_TEST_RUN return value
(xdp, tc, socket filter, raw_tp, syscall), and for attachable programs the
result of executing /tmp/hg-exec (a copy of busybox) while attached.

options:
  --kernels LIST   kernels, separated by commas or spaces: Debian versions
                   (6.17.13+deb13), series (6.17: the newest), aliases of
                   scripts/kbench/kernels.list, or paths to a vmlinuz.
                   Default: the alias "matrix" of kernels.list (6.1, 6.12,
                   6.16, 6.17, 6.18.5, 6.18.12, 6.18.15, 6.19, newest 7.x)
  --json           print JSON
  --markdown       print Markdown (a kernel x program summary and details)
  --accel A        auto (default: KVM when /dev/kvm is usable, else TCG,
                   with a fall-back to TCG), kvm, tcg
  --timeout S      seconds before a guest is declared hung (default 180)
  --keep           keep the work directory (console logs, results)
  --jobs N         run up to N guests at once (default 1); each guest is one
                   QEMU process of one CPU: more jobs than cores slow every
                   guest down
  --shard K/N      run only the K-th of N slices of the kernel x object work
                   (kernel-major, contiguous: a slice boots the kernels its
                   items need); 'matrix merge' joins the --json results of
                   the slices into the result of the whole run
  --html FILE      also write a self-contained HTML report to FILE: the
                   kernels, the program x kernel table and, for every sweep
                   (objects named PREFIX-N.o, e.g. of scripts/sweep), SVG
                   plots of processed insns, states, peak states and stack
                   depth against N, one line per kernel. With a --json
                   result instead of objects ('--html FILE R.json'), draws
                   that result and runs nothing
  --help           print this text

merging (docs/matrix.md): 'helperguard matrix merge A.json B.json...'
prints the JSON of one run made of the --json results of its shards (in the
order given): a kernel's programs are joined, its seconds added; a program
that two inputs both have is an error.

comparing (docs/matrix-compare.md):
  --compare BASE NEW
                   compare two results per kernel and program: BASE and NEW
                   are JSON files written by 'matrix --json', or objects, or
                   directories of objects (run first, both sides in one
                   matrix run; objects pair up by file name). Prints the
                   accept/reject of each side (flips marked "!!") and the
                   deltas of processed insns, states, peak states, stack
                   depth, xlated insns and branches removed
  --only-changed   only the programs where something differs
  --sort ORDER     delta: flips first, then the largest |delta| of processed
                   insns (then of xlated insns); name: by object, program,
                   kernel. Default: BASE's order
  --fail-on LIST   exit 1 when any condition of the comma-separated LIST
                   holds for some kernel and program: reject-flip,
                   accept-flip, flip, missing (no result in NEW), or
                   METRIC+N / METRIC+N% (NEW - BASE above N, or above N% of
                   BASE), METRIC-N / METRIC-N% (decreases); METRIC: insns,
                   states, peak-states, stack, xlated, removed

Exit status: 0 every kernel booted and ran the loader (programs that fail to
load are results, not errors); 1 some kernel could not be fetched or did not
boot, or (--compare) a --fail-on condition holds; 2 bad arguments (missing
or non-BPF object, missing or corrupt kernel image, no QEMU, a --compare
input that is not a matrix result or object).
)";

std::vector<std::string> splitList(StringRef S) {
  SmallVector<StringRef, 16> Parts;
  SplitString(S, Parts, ", \t\n");
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    Out.push_back(P.str());
  return Out;
}

std::optional<int> parseMatrixOptions(ArrayRef<StringRef> Args,
                                      MatrixOptions &O) {
  Expected<ParsedArgs> P = parseArgs(
      Args,
      {"kernels", "accel", "timeout", "sort", "fail-on", "jobs", "shard",
       "html"},
      {"json", "markdown", "keep", "help", "compare", "only-changed"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard matrix --help')");
  if (P->has("help")) {
    outs() << MatrixHelp;
    return ExitOK;
  }
  O.Json = P->has("json");
  O.Markdown = P->has("markdown");
  O.Keep = P->has("keep");
  if (O.Json && O.Markdown)
    return usageError("--json and --markdown exclude each other");
  O.Compare = P->has("compare");
  O.OnlyChanged = P->has("only-changed");
  O.Sort = P->value("sort");
  O.FailOn = P->value("fail-on");
  if (!O.Compare)
    for (StringRef Opt : {"only-changed", "sort", "fail-on"})
      if (P->has(Opt) || !P->values(Opt).empty())
        return usageError("--" + Opt + " needs --compare");
  if (!P->values("fail-on").empty() && O.FailOn.empty())
    return usageError("--fail-on needs at least one condition");
  if (O.Compare && O.Markdown)
    return usageError("--compare prints a table or --json, not --markdown");
  if (!P->value("accel").empty()) {
    O.Accel = P->value("accel");
    if (O.Accel != "auto" && O.Accel != "kvm" && O.Accel != "tcg")
      return usageError("--accel takes auto, kvm or tcg, not '" + O.Accel +
                        "'");
  }
  if (!P->value("timeout").empty() &&
      (StringRef(P->value("timeout")).getAsInteger(10, O.Timeout) ||
       O.Timeout < 10))
    return usageError("--timeout takes a number of seconds (at least 10)");
  if (!P->value("jobs").empty() &&
      (StringRef(P->value("jobs")).getAsInteger(10, O.Jobs) || O.Jobs < 1 ||
       O.Jobs > 64))
    return usageError("--jobs takes a number of guests from 1 to 64, not '" +
                      P->value("jobs") + "'");
  if (!P->value("shard").empty()) {
    auto [K, N] = StringRef(P->value("shard")).split('/');
    if (K.getAsInteger(10, O.Shard) || N.getAsInteger(10, O.Shards) ||
        O.Shards < 1 || O.Shard < 1 || O.Shard > O.Shards)
      return usageError("--shard takes K/N with 1 <= K <= N, not '" +
                        P->value("shard") + "'");
    if (O.Compare)
      return usageError("--shard runs a slice of a matrix; shard the runs "
                        "and --compare their merged results");
  }
  for (const std::string &K : P->values("kernels"))
    append_range(O.Kernels, splitList(K));
  if (O.Kernels.empty())
    O.Kernels = {"matrix"};
  if (P->Positional.empty()) {
    errs() << MatrixHelp;
    return ExitUsage;
  }
  O.Objects = P->Positional;
  O.Html = P->value("html");
  if (!P->values("html").empty() && O.Html.empty())
    return usageError("--html needs a file name");
  if (!O.Html.empty() && O.Compare)
    return usageError("--html draws a matrix result, not a --compare");
  if (!O.Html.empty() && O.Objects.size() == 1 &&
      compat::endsWith(O.Objects[0], ".json")) {
    O.HtmlFromJson = true; // draw a result, run nothing
    return std::nullopt;
  }
  // --compare checks its BASE and NEW itself (results or objects).
  for (const std::string &Obj : O.Objects)
    if (!O.Compare)
      if (Error E = checkObject(Obj))
        return usageError(toString(std::move(E)));
  for (const std::string &K : O.Kernels)
    if (looksLikePath(K))
      if (Error E = checkKernelImage(K))
        return usageError(toString(std::move(E)));
  // The default alias expands in fetch-kernel; expand it here so that each
  // kernel is a row of its own.
  if (O.Kernels.size() == 1 && O.Kernels[0] == "matrix") {
    std::string List = readFile(sourceDir() + "/scripts/kbench/kernels.list");
    for (const std::string &Line : lines(List)) {
      StringRef S = StringRef(Line).split('#').first.trim();
      if (S.consume_front("matrix ") || S.consume_front("matrix\t")) {
        O.Kernels = splitList(S);
        break;
      }
    }
  }
  return std::nullopt;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
