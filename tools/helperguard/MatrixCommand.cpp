//===- MatrixCommand.cpp - "helperguard matrix": objects x real kernels ---===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard matrix [--kernels LIST] [--json|--markdown] OBJ.o...
//   helperguard matrix --compare BASE NEW
//   helperguard matrix merge A.json B.json...
//
// Boots each kernel under QEMU (one after another, or --jobs at once), with a
// throw-away busybox initramfs holding the project's static libbpf loader
// (test/kernel/loader.c) and the objects, loads every program of every object
// on its own, and reports per (kernel, program): loaded or rejected (with the
// key verifier message and a category), the verifier's statistics, the
// conditional branches of the object vs the verifier's rewritten program, the
// BPF_PROG_TEST_RUN return value, and the kernel version.
//
// This file is the table of contents; each step lives in matrix/:
//   MatrixOptions          the command line
//   GuestRun               scripts, QEMU, accelerator, one guest per kernel
//   GuestScheduler         --shard slices, --jobs guests at once
//   ResultsParser          the guest's results.log
//   VerifierLogClassifier  key message and category of a reject
//   MatrixOutput           table, Markdown, JSON
//   HtmlReport, SvgPlot    --html: tables and sweep plots in one page
//   MatrixCompare          --compare BASE NEW
//   MatrixMerge            "matrix merge": results of shards joined
// The guest side is scripts/kbench/run-guest and scripts/kbench/fetch-kernel,
// found under the source tree (HELPERGUARD_SOURCE_DIR at build time, or
// $HELPERGUARD_SOURCE_DIR).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"
#include "matrix/GuestRun.h"
#include "matrix/GuestScheduler.h"
#include "matrix/HtmlReport.h"
#include "matrix/MatrixCompare.h"
#include "matrix/MatrixMerge.h"
#include "matrix/MatrixOptions.h"
#include "matrix/MatrixOutput.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperguard {
namespace tool {

using namespace matrix;

namespace {

/// Boots every kernel of O with O.Objects into Results. Returns 0, 1 (some
/// kernel could not be fetched or did not boot) or 2 (bad setup).
int runGuests(const MatrixOptions &O, std::vector<KernelResult> &Results) {
  // Scripts, QEMU and the accelerator.
  GuestSetup S;
  if (Error E = findGuestTools(O, S))
    return usageError(toString(std::move(E)));

  // A work directory for the guests, removed at the end unless --keep.
  SmallString<128> Work;
  if (std::error_code EC = sys::fs::createUniqueDirectory("hg-matrix", Work))
    return usageError("cannot create a work directory: " + EC.message());
  S.Work = Work.str().str();
  auto RemoveWork = [&] {
    if (O.Keep)
      errs() << "matrix: work directory kept: " << Work << "\n";
    else
      sys::fs::remove_directories(Work);
  };
  auto Cleanup = compat::onScopeExit(RemoveWork);

  // The guest loader.
  if (Error E = buildLoader(S))
    return usageError(toString(std::move(E)));

  // One guest per kernel (of this --shard), up to --jobs at once.
  Results = runPlan(
      S, O, planGuests(O.Kernels.size(), O.Objects.size(), O.Shard, O.Shards));
  bool AllOk = all_of(Results, [](const KernelResult &K) {
    return K.Status == KernelResult::Ok;
  });
  return AllOk ? ExitOK : 1;
}

/// Writes the HTML report of Matrix (matrixJson()'s shape) to O.Html.
int writeHtml(const MatrixOptions &O, const json::Value &Matrix) {
  std::error_code EC;
  raw_fd_ostream Out(O.Html, EC);
  if (EC)
    return usageError("cannot write '" + O.Html + "': " + EC.message());
  Out << renderHtmlReport(Matrix);
  errs() << "matrix: HTML report written to " << O.Html << "\n";
  return ExitOK;
}

/// --html FILE RESULT.json: draw a result, run nothing.
int drawResult(const MatrixOptions &O) {
  if (!sys::fs::exists(O.Objects[0]))
    return usageError("'" + O.Objects[0] + "' does not exist");
  Expected<json::Value> J = json::parse(readFile(O.Objects[0]));
  if (!J)
    return usageError("'" + O.Objects[0] +
                      "' is not JSON: " + toString(J.takeError()));
  const json::Object *Root = J->getAsObject();
  if (!Root || !Root->getArray("kernels"))
    return usageError("'" + O.Objects[0] + "' is not a matrix result");
  return writeHtml(O, *J);
}

int runMatrix(const MatrixOptions &O) {
  if (O.HtmlFromJson)
    return drawResult(O);
  std::vector<KernelResult> Results;
  int Status = runGuests(O, Results);
  if (Status == ExitUsage)
    return Status;
  if (!O.Html.empty())
    if (int S = writeHtml(O, matrixJson(O, Results)))
      return S;
  if (O.Json)
    printJsonOut(O, Results);
  else if (O.Markdown)
    printMarkdown(O, Results);
  else
    printTable(O, Results);
  return Status;
}

} // namespace

int runMatrixCommand(ArrayRef<StringRef> Args) {
  if (!Args.empty() && Args[0] == "merge")
    return runMatrixMerge(Args.drop_front());
  MatrixOptions O;
  if (std::optional<int> Done = parseMatrixOptions(Args, O))
    return *Done;
  if (O.Compare)
    return runMatrixCompare(O, runGuests);
  return runMatrix(O);
}

} // namespace tool
} // namespace helperguard
