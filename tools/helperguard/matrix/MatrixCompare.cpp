//===- MatrixCompare.cpp - "helperguard matrix --compare BASE NEW" --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Sides given as objects are run in one matrix run and sliced back into two
// results; both then go through CompareRows (pairing) and FailOn (the gate),
// and are printed here as a table or JSON.
//
//===----------------------------------------------------------------------===//

#include "MatrixCompare.h"
#include "../ToolSupport.h"
#include "CompareRows.h"
#include "FailOn.h"
#include "GuestRun.h"
#include "MatrixOutput.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <tuple>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

// ---------------------------------------------------------------------------
// Sides given as objects

bool isObjectSide(StringRef Path) {
  return sys::fs::is_directory(Path) || compat::endsWith(Path, ".o");
}

/// The objects of a side: the .o file itself, or the *.o of a directory
/// (sorted by name).
Expected<std::vector<std::string>> sideObjects(StringRef Path) {
  std::vector<std::string> Objs;
  if (!sys::fs::is_directory(Path)) {
    Objs.push_back(Path.str());
  } else {
    std::error_code EC;
    for (sys::fs::directory_iterator It(Path, EC), End; It != End && !EC;
         It.increment(EC))
      if (compat::endsWith(It->path(), ".o"))
        Objs.push_back(It->path());
    if (EC)
      return createStringError(inconvertibleErrorCode(),
                               "cannot read directory '" + Path +
                                   "': " + EC.message());
    if (Objs.empty())
      return createStringError(inconvertibleErrorCode(),
                               "directory '" + Path + "' has no .o files");
    llvm::sort(Objs);
  }
  for (const std::string &O : Objs)
    if (Error E = checkObject(O))
      return E;
  return Objs;
}

// ---------------------------------------------------------------------------
// Printing

std::string verdict(const Side &S) {
  if (!S.Present)
    return "-";
  return S.Loaded ? "accept" : "reject";
}

std::string verdictCell(const Row &R) {
  if (!R.Base.Present && !R.New.Present)
    return "-";
  if (!R.New.Present)
    return verdict(R.Base) + " -> - (" + R.New.Absent + ")";
  if (!R.Base.Present)
    return "- (" + R.Base.Absent + ") -> " + verdict(R.New);
  if (R.rejectFlip())
    return "accept -> REJECT (" + R.New.Category + ") !!";
  if (R.acceptFlip())
    return "reject -> ACCEPT !!";
  return verdict(R.New);
}

std::string valueStr(const std::optional<int64_t> &V) {
  return V ? std::to_string(*V) : "-";
}

std::string metricCell(const Row &R, Metric M) {
  const std::optional<int64_t> &B = R.Base.Values[M], &N = R.New.Values[M];
  if (B == N)
    return valueStr(B);
  std::string S = valueStr(B) + " -> " + valueStr(N);
  if (std::optional<int64_t> D = R.delta(M)) {
    S += " (" + signedStr(*D);
    if (*B != 0)
      S += ", " + percent(*D, double(*B));
    S += ")";
  }
  return S;
}

json::Value sideJson(const Side &S) {
  if (!S.Present)
    return json::Object{{"absent", S.Absent}};
  json::Object J{{"loaded", S.Loaded}};
  if (!S.Loaded)
    J["category"] = S.Category;
  for (unsigned M = 0; M < NumMetrics; ++M)
    J[MetricJsonKeys[M]] =
        S.Values[M] ? json::Value(*S.Values[M]) : json::Value(nullptr);
  return J;
}

json::Value rowJson(const Row &R) {
  json::Object Delta;
  for (unsigned M = 0; M < NumMetrics; ++M) {
    std::optional<int64_t> D = R.delta(Metric(M));
    Delta[MetricJsonKeys[M]] = D ? json::Value(*D) : json::Value(nullptr);
  }
  return json::Object{{"kernel", R.Kernel},
                      {"object", R.Object},
                      {"program", R.Program},
                      {"base", sideJson(R.Base)},
                      {"new", sideJson(R.New)},
                      {"flip", R.rejectFlip()   ? json::Value("reject")
                               : R.acceptFlip() ? json::Value("accept")
                                                : json::Value(nullptr)},
                      {"changed", R.changed()},
                      {"delta", std::move(Delta)}};
}

void printTable(const std::vector<Row> &Rows) {
  std::vector<std::vector<std::string>> Cells;
  Cells.push_back({"kernel", "program", "verdict", "insns", "states",
                   "peak states", "stack", "xlated", "branches removed"});
  for (const Row &R : Rows)
    Cells.push_back({R.Kernel, R.Object + ":" + R.Program, verdictCell(R),
                     metricCell(R, Insns), metricCell(R, States),
                     metricCell(R, PeakStates), metricCell(R, Stack),
                     metricCell(R, Xlated), metricCell(R, Removed)});
  std::vector<size_t> W(Cells[0].size(), 0);
  for (const auto &C : Cells)
    for (size_t I = 0; I < C.size(); ++I)
      W[I] = std::max(W[I], C[I].size());
  for (const auto &C : Cells) {
    std::string Line;
    for (size_t I = 0; I < C.size(); ++I)
      Line += I + 1 < C.size() ? C[I] + std::string(W[I] + 2 - C[I].size(), ' ')
                               : C[I];
    outs() << StringRef(Line).rtrim() << "\n";
  }
}

// ---------------------------------------------------------------------------
// The command

/// Kernel results restricted to objects [First, First + Count), re-indexed.
std::vector<KernelResult> sliceResults(const std::vector<KernelResult> &Ks,
                                       unsigned First, unsigned Count) {
  std::vector<KernelResult> Out;
  for (const KernelResult &K : Ks) {
    KernelResult S = K;
    S.Progs.clear();
    for (const ProgResult &P : K.Progs)
      if (P.ObjIndex >= First && P.ObjIndex < First + Count) {
        S.Progs.push_back(P);
        S.Progs.back().ObjIndex -= First;
      }
    Out.push_back(std::move(S));
  }
  return Out;
}

} // namespace

int runMatrixCompare(const MatrixOptions &O, MatrixRunner Run) {
  if (O.Objects.size() != 2)
    return usageError("--compare takes two results, BASE and NEW (JSON files "
                      "of 'matrix --json', objects or directories of "
                      "objects), not " +
                      Twine(O.Objects.size()));
  std::vector<Condition> FailOn;
  if (!O.FailOn.empty()) {
    Expected<std::vector<Condition>> Cs = parseFailOn(O.FailOn);
    if (!Cs)
      return usageError(toString(Cs.takeError()));
    FailOn = std::move(*Cs);
  }
  if (!O.Sort.empty() && O.Sort != "delta" && O.Sort != "name")
    return usageError("--sort takes delta or name, not '" + O.Sort + "'");

  // Each side: a JSON result, or objects to run.
  const char *SideName[2] = {"BASE", "NEW"};
  std::optional<json::Value> Json[2];
  std::vector<std::string> Objs[2];
  for (unsigned I = 0; I < 2; ++I) {
    StringRef Path = O.Objects[I];
    if (!sys::fs::exists(Path))
      return usageError(Twine(SideName[I]) + " '" + Path + "' does not exist");
    if (isObjectSide(Path)) {
      Expected<std::vector<std::string>> Os = sideObjects(Path);
      if (!Os)
        return usageError(Twine(SideName[I]) + ": " + toString(Os.takeError()));
      Objs[I] = std::move(*Os);
      continue;
    }
    Expected<json::Value> V = readJsonFile(Path);
    if (!V)
      return usageError(Twine(SideName[I]) + ": " + toString(V.takeError()));
    Json[I] = std::move(*V);
  }

  // Objects of both sides in one matrix run: one boot per kernel.
  int RunStatus = ExitOK;
  if (!Objs[0].empty() || !Objs[1].empty()) {
    MatrixOptions RO = O;
    RO.Objects = Objs[0];
    append_range(RO.Objects, Objs[1]);
    std::vector<KernelResult> Ks;
    RunStatus = Run(RO, Ks);
    if (RunStatus == ExitUsage)
      return ExitUsage;
    unsigned First = 0;
    for (unsigned I = 0; I < 2; ++I) {
      if (Objs[I].empty())
        continue;
      MatrixOptions SO = O;
      SO.Objects = Objs[I];
      Json[I] = matrixJson(SO, sliceResults(Ks, First, Objs[I].size()));
      First += Objs[I].size();
    }
  }

  MatrixResult Sides[2];
  for (unsigned I = 0; I < 2; ++I) {
    std::string What = std::string(SideName[I]) + " '" + O.Objects[I] + "'";
    Expected<MatrixResult> R = resultFromJson(*Json[I], What);
    if (!R)
      return usageError(toString(R.takeError()));
    Sides[I] = std::move(*R);
  }
  std::vector<Row> Rows = pairRows(Sides[0], Sides[1]);

  // What to show, in which order.
  unsigned Flips = count_if(
      Rows, [](const Row &R) { return R.rejectFlip() || R.acceptFlip(); });
  unsigned Changed = count_if(Rows, [](const Row &R) { return R.changed(); });
  std::vector<Row> Shown;
  for (const Row &R : Rows)
    if (!O.OnlyChanged || R.changed())
      Shown.push_back(R);
  if (O.Sort == "delta") {
    // Flips first, then by |delta| of processed insns, then of xlated.
    auto Key = [](const Row &R) {
      auto Abs = [&](Metric M) {
        std::optional<int64_t> D = R.delta(M);
        return D ? std::abs(*D) : int64_t(-1);
      };
      return std::make_tuple(R.rejectFlip() || R.acceptFlip(), Abs(Insns),
                             Abs(Xlated));
    };
    std::stable_sort(
        Shown.begin(), Shown.end(),
        [&](const Row &A, const Row &B) { return Key(A) > Key(B); });
  } else if (O.Sort == "name") {
    std::stable_sort(Shown.begin(), Shown.end(),
                     [](const Row &A, const Row &B) {
                       return std::tie(A.Object, A.Program, A.Kernel) <
                              std::tie(B.Object, B.Program, B.Kernel);
                     });
  }

  // --fail-on.
  std::vector<std::string> Held;
  for (const Condition &C : FailOn)
    for (const Row &R : Rows)
      if (std::string Why = C.heldBy(R); !Why.empty())
        Held.push_back(C.Text + ": " + R.Kernel + " " + R.Object + ":" +
                       R.Program + ": " + Why);

  if (O.Json) {
    json::Array RowsJ, HeldJ;
    for (const Row &R : Shown)
      RowsJ.push_back(rowJson(R));
    for (const std::string &H : Held)
      HeldJ.push_back(H);
    printJson(json::Object{{"base", O.Objects[0]},
                           {"new", O.Objects[1]},
                           {"programs", Rows.size()},
                           {"changed", Changed},
                           {"flips", Flips},
                           {"fail_on", O.FailOn},
                           {"failed", std::move(HeldJ)},
                           {"rows", std::move(RowsJ)}});
  } else {
    outs() << "BASE " << O.Objects[0] << "\nNEW  " << O.Objects[1] << "\n\n";
    printTable(Shown);
    outs() << formatv("\n{0} kernel x program pairs, {1} changed, {2} "
                      "accept/reject flips\n",
                      Rows.size(), Changed, Flips);
    for (const std::string &H : Held)
      outs() << "fail-on " << H << "\n";
  }
  if (!Held.empty()) {
    errs() << "matrix: --fail-on '" << O.FailOn << "' holds (" << Held.size()
           << " time" << (Held.size() == 1 ? "" : "s") << ")\n";
    return 1;
  }
  return RunStatus;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
