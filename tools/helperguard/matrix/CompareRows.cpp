//===- CompareRows.cpp - Read two matrix results and pair their rows ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A result is read from the JSON of "helperguard matrix --json"; its keys
// are written by MatrixOutput.cpp.
//
//===----------------------------------------------------------------------===//

#include "CompareRows.h"
#include "GuestRun.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

const char *const MetricNames[NumMetrics] = {"insns", "states", "peak-states",
                                             "stack", "xlated", "removed"};
const char *const MetricJsonKeys[NumMetrics] = {
    "processed_insns", "total_states", "peak_states",
    "stack_depth",     "xlated_insns", "branches_removed"};

std::optional<Metric> metricByName(StringRef Name) {
  for (unsigned M = 0; M < NumMetrics; ++M)
    if (Name == MetricNames[M])
      return Metric(M);
  return std::nullopt;
}

std::string signedStr(int64_t V) {
  return (V > 0 ? "+" : "") + std::to_string(V);
}

std::string percent(int64_t D, double Base) {
  double P = 100.0 * double(D) / Base;
  return (P > 0 ? "+" : "") + formatv("{0:F1}", P).str() + "%";
}

std::optional<int64_t> Row::delta(Metric M) const {
  if (!bothPresent() || !Base.Values[M] || !New.Values[M])
    return std::nullopt;
  return *New.Values[M] - *Base.Values[M];
}

bool Row::changed() const {
  if (Base.Present != New.Present || Base.Loaded != New.Loaded)
    return true;
  for (unsigned M = 0; M < NumMetrics; ++M)
    if (Base.Values[M] != New.Values[M])
      return true;
  return false;
}

namespace {

std::optional<int64_t> jsonInt(const json::Object &O, StringRef Key) {
  if (const json::Value *V = O.get(Key))
    if (std::optional<int64_t> I = compat::toStd(V->getAsInteger()))
      return I;
  return std::nullopt;
}

/// "24" -> 24, "24+8" (subprograms) -> 32, "" -> nothing.
std::optional<int64_t> stackDepth(StringRef S) {
  if (S.empty())
    return std::nullopt;
  SmallVector<StringRef, 4> Parts;
  S.split(Parts, '+');
  int64_t Sum = 0;
  for (StringRef P : Parts) {
    int64_t V;
    if (P.trim().getAsInteger(10, V))
      return std::nullopt;
    Sum += V;
  }
  return Sum;
}

Side sideFromJson(const json::Object &P) {
  Side S;
  S.Present = true;
  S.Loaded = compat::toStd(P.getBoolean("loaded")).value_or(false);
  if (std::optional<StringRef> C = compat::toStd(P.getString("category")))
    S.Category = C->str();
  S.Values[Insns] = jsonInt(P, "processed_insns");
  S.Values[States] = jsonInt(P, "total_states");
  S.Values[PeakStates] = jsonInt(P, "peak_states");
  if (std::optional<StringRef> D = compat::toStd(P.getString("stack_depth")))
    S.Values[Stack] = stackDepth(*D);
  S.Values[Xlated] = jsonInt(P, "xlated_insns");
  std::optional<int64_t> Obj = jsonInt(P, "obj_branches"),
                         X = jsonInt(P, "xlated_branches");
  if (Obj && X)
    S.Values[Removed] = *Obj - *X;
  return S;
}

} // namespace

Expected<MatrixResult> resultFromJson(const json::Value &V,
                                      const std::string &What) {
  auto Bad = [&](const Twine &Why) {
    return createStringError(inconvertibleErrorCode(),
                             What +
                                 " is not a 'helperguard matrix --json' "
                                 "result: " +
                                 Why);
  };
  const json::Object *Top = V.getAsObject();
  if (!Top)
    return Bad("not a JSON object");
  const json::Array *Ks = Top->getArray("kernels");
  if (!Ks)
    return Bad("no \"kernels\" array");
  MatrixResult R;
  for (const json::Value &KV : *Ks) {
    const json::Object *K = KV.getAsObject();
    if (!K)
      return Bad("a kernel is not an object");
    MatrixResult::Kernel RK;
    StringRef Version = compat::toStd(K->getString("version")).value_or("");
    RK.Name =
        (Version.empty() ? compat::toStd(K->getString("spec")).value_or("")
                         : Version)
            .str();
    if (RK.Name.empty())
      return Bad("a kernel has neither \"version\" nor \"spec\"");
    RK.Status = compat::toStd(K->getString("status")).value_or("ok").str();
    const json::Array *Ps = K->getArray("programs");
    if (!Ps)
      return Bad("kernel " + RK.Name + " has no \"programs\" array");
    for (const json::Value &PV : *Ps) {
      const json::Object *P = PV.getAsObject();
      std::optional<StringRef> Obj =
          P ? compat::toStd(P->getString("object")) : std::nullopt;
      std::optional<StringRef> Prog =
          P ? compat::toStd(P->getString("program")) : std::nullopt;
      if (!Obj || !Prog)
        return Bad("a program of kernel " + RK.Name +
                   " has no \"object\" or \"program\"");
      auto Key = std::make_pair(sys::path::filename(*Obj).str(), Prog->str());
      if (!RK.Progs.count(Key))
        RK.Keys.push_back(Key);
      RK.Progs[Key] = sideFromJson(*P);
    }
    R.Kernels.push_back(std::move(RK));
  }
  return R;
}

Expected<json::Value> readJsonFile(StringRef Path) {
  std::string Text = readFile(Path);
  if (Text.empty() && !sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path + "' does not exist");
  Expected<json::Value> V = json::parse(Text);
  if (!V)
    return createStringError(
        inconvertibleErrorCode(),
        "'" + Path + "' is not valid JSON: " + toString(V.takeError()));
  return V;
}

/// Pairs the programs of both sides, kernel by kernel, in BASE's order
/// (then what only NEW has).
std::vector<Row> pairRows(const MatrixResult &B, const MatrixResult &N) {
  std::vector<Row> Rows;
  std::vector<std::string> Kernels;
  for (const MatrixResult *R : {&B, &N})
    for (const MatrixResult::Kernel &K : R->Kernels)
      if (!is_contained(Kernels, K.Name))
        Kernels.push_back(K.Name);
  auto Find = [](const MatrixResult &R,
                 StringRef Name) -> const MatrixResult::Kernel * {
    for (const MatrixResult::Kernel &K : R.Kernels)
      if (K.Name == Name)
        return &K;
    return nullptr;
  };
  auto Fill = [](const MatrixResult::Kernel *K,
                 const std::pair<std::string, std::string> &Key) {
    if (!K) {
      Side S;
      S.Absent = "kernel not run";
      return S;
    }
    auto It = K->Progs.find(Key);
    if (It != K->Progs.end())
      return It->second;
    Side S;
    S.Absent = K->Status == "ok" ? "no result" : "kernel " + K->Status;
    return S;
  };
  for (const std::string &KName : Kernels) {
    const MatrixResult::Kernel *BK = Find(B, KName), *NK = Find(N, KName);
    std::vector<std::pair<std::string, std::string>> Keys;
    for (const MatrixResult::Kernel *K : {BK, NK})
      if (K)
        for (const auto &Key : K->Keys)
          if (!is_contained(Keys, Key))
            Keys.push_back(Key);
    for (const auto &Key : Keys) {
      Row R;
      R.Kernel = KName;
      R.Object = Key.first;
      R.Program = Key.second;
      R.Base = Fill(BK, Key);
      R.New = Fill(NK, Key);
      Rows.push_back(std::move(R));
    }
  }
  return Rows;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
