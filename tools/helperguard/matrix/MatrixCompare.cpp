//===- MatrixCompare.cpp - "helperguard matrix --compare BASE NEW" --------===//
//
// Rows are (kernel, object file name, program): a kernel is named by its
// Debian version (its spec when it was not resolved), an object by its file
// name without directories, so that two builds of the same sources in two
// directories pair up.
//
// --fail-on grammar (terms separated by commas; exit 1 when any holds):
//   reject-flip   a program accepted in BASE is rejected in NEW
//   accept-flip   a program rejected in BASE is accepted in NEW
//   flip          either
//   missing       a program of BASE has no result in NEW
//   METRIC+N      NEW - BASE > N for some program loaded on both sides
//   METRIC+N%     NEW - BASE > N% of BASE
//   METRIC-N, METRIC-N%   the same for decreases (BASE - NEW)
// METRIC is insns (processed), states (total), peak-states, stack, xlated
// or removed (conditional branches the verifier removed).
//
//===----------------------------------------------------------------------===//

#include "MatrixCompare.h"
#include "../ToolSupport.h"
#include "GuestRun.h"
#include "MatrixOutput.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

// ---------------------------------------------------------------------------
// Metrics

enum Metric { Insns, States, PeakStates, Stack, Xlated, Removed, NumMetrics };

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

/// Delta D of a value Base as "+12.5%".
std::string percent(int64_t D, double Base) {
  double P = 100.0 * double(D) / Base;
  return (P > 0 ? "+" : "") + formatv("{0:F1}", P).str() + "%";
}

/// One program on one kernel, on one side of the comparison.
struct Side {
  bool Present = false; // the side has a result for the program
  std::string Absent;   // why not: "no result", "kernel unavailable", ...
  bool Loaded = false;
  std::string Category; // of a reject
  std::array<std::optional<int64_t>, NumMetrics> Values;
};

struct Row {
  std::string Kernel, Object, Program;
  Side Base, New;

  bool bothPresent() const { return Base.Present && New.Present; }
  bool rejectFlip() const {
    return bothPresent() && Base.Loaded && !New.Loaded;
  }
  bool acceptFlip() const {
    return bothPresent() && !Base.Loaded && New.Loaded;
  }
  std::optional<int64_t> delta(Metric M) const {
    if (!bothPresent() || !Base.Values[M] || !New.Values[M])
      return std::nullopt;
    return *New.Values[M] - *Base.Values[M];
  }
  bool changed() const {
    if (Base.Present != New.Present || Base.Loaded != New.Loaded)
      return true;
    for (unsigned M = 0; M < NumMetrics; ++M)
      if (Base.Values[M] != New.Values[M])
        return true;
    return false;
  }
};

// ---------------------------------------------------------------------------
// Reading a matrix --json result

std::optional<int64_t> jsonInt(const json::Object &O, StringRef Key) {
  if (const json::Value *V = O.get(Key))
    if (std::optional<int64_t> I = V->getAsInteger())
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
  S.Loaded = P.getBoolean("loaded").value_or(false);
  if (std::optional<StringRef> C = P.getString("category"))
    S.Category = C->str();
  S.Values[Insns] = jsonInt(P, "processed_insns");
  S.Values[States] = jsonInt(P, "total_states");
  S.Values[PeakStates] = jsonInt(P, "peak_states");
  if (std::optional<StringRef> D = P.getString("stack_depth"))
    S.Values[Stack] = stackDepth(*D);
  S.Values[Xlated] = jsonInt(P, "xlated_insns");
  std::optional<int64_t> Obj = jsonInt(P, "obj_branches"),
                         X = jsonInt(P, "xlated_branches");
  if (Obj && X)
    S.Values[Removed] = *Obj - *X;
  return S;
}

/// One side: its kernels in order, each with a status and its programs.
struct Result {
  struct Kernel {
    std::string Name, Status;
    std::vector<std::pair<std::string, std::string>> Keys; // object, program
    std::map<std::pair<std::string, std::string>, Side> Progs;
  };
  std::vector<Kernel> Kernels;
};

Expected<Result> resultFromJson(const json::Value &V, const std::string &What) {
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
  Result R;
  for (const json::Value &KV : *Ks) {
    const json::Object *K = KV.getAsObject();
    if (!K)
      return Bad("a kernel is not an object");
    Result::Kernel RK;
    StringRef Version = K->getString("version").value_or("");
    RK.Name =
        (Version.empty() ? K->getString("spec").value_or("") : Version).str();
    if (RK.Name.empty())
      return Bad("a kernel has neither \"version\" nor \"spec\"");
    RK.Status = K->getString("status").value_or("ok").str();
    const json::Array *Ps = K->getArray("programs");
    if (!Ps)
      return Bad("kernel " + RK.Name + " has no \"programs\" array");
    for (const json::Value &PV : *Ps) {
      const json::Object *P = PV.getAsObject();
      std::optional<StringRef> Obj = P ? P->getString("object") : std::nullopt;
      std::optional<StringRef> Prog =
          P ? P->getString("program") : std::nullopt;
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
std::vector<Row> pairRows(const Result &B, const Result &N) {
  std::vector<Row> Rows;
  std::vector<std::string> Kernels;
  for (const Result &R : {B, N})
    for (const Result::Kernel &K : R.Kernels)
      if (!is_contained(Kernels, K.Name))
        Kernels.push_back(K.Name);
  auto Find = [](const Result &R, StringRef Name) -> const Result::Kernel * {
    for (const Result::Kernel &K : R.Kernels)
      if (K.Name == Name)
        return &K;
    return nullptr;
  };
  auto Fill = [](const Result::Kernel *K,
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
    const Result::Kernel *BK = Find(B, KName), *NK = Find(N, KName);
    std::vector<std::pair<std::string, std::string>> Keys;
    for (const Result::Kernel *K : {BK, NK})
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

// ---------------------------------------------------------------------------
// --fail-on

struct Condition {
  std::string Text;
  enum { RejectFlip, AcceptFlip, AnyFlip, Missing, Grows, Shrinks } Kind;
  Metric M = Insns;
  double Limit = 0;
  bool Percent = false;

  /// The reason this row meets the condition, or "".
  std::string heldBy(const Row &R) const {
    switch (Kind) {
    case RejectFlip:
      return R.rejectFlip() ? "accepted -> rejected" : "";
    case AcceptFlip:
      return R.acceptFlip() ? "rejected -> accepted" : "";
    case AnyFlip:
      return R.rejectFlip()   ? "accepted -> rejected"
             : R.acceptFlip() ? "rejected -> accepted"
                              : "";
    case Missing:
      return R.Base.Present && !R.New.Present
                 ? "no result in NEW: " + R.New.Absent
                 : "";
    case Grows:
    case Shrinks: {
      std::optional<int64_t> D = R.delta(M);
      if (!D || !R.Base.Loaded || !R.New.Loaded)
        return "";
      double Change = Kind == Grows ? double(*D) : -double(*D);
      double Base = double(*R.Base.Values[M]);
      bool Holds =
          Percent ? (Change > 0 && (Base == 0 || Change * 100.0 > Limit * Base))
                  : Change > Limit;
      if (!Holds)
        return "";
      std::string S = formatv("{0} {1} -> {2}", MetricNames[M],
                              *R.Base.Values[M], *R.New.Values[M]);
      if (Base != 0)
        S += " (" + percent(*D, Base) + ")";
      return S;
    }
    }
    return "";
  }
};

Expected<std::vector<Condition>> parseFailOn(StringRef Spec) {
  std::vector<Condition> Cs;
  SmallVector<StringRef, 8> Terms;
  Spec.split(Terms, ',', -1, false);
  for (StringRef T : Terms) {
    T = T.trim();
    Condition C;
    C.Text = T.str();
    if (T == "reject-flip")
      C.Kind = Condition::RejectFlip;
    else if (T == "accept-flip")
      C.Kind = Condition::AcceptFlip;
    else if (T == "flip")
      C.Kind = Condition::AnyFlip;
    else if (T == "missing")
      C.Kind = Condition::Missing;
    else {
      // "peak-states" holds a '-': the operator is the last + or -.
      size_t Op = T.find_last_of("+-");
      std::optional<Metric> M =
          Op == StringRef::npos ? std::nullopt : metricByName(T.take_front(Op));
      StringRef Num = Op == StringRef::npos ? "" : T.drop_front(Op + 1);
      C.Percent = Num.consume_back("%");
      double L = 0;
      if (!M || Num.empty() || Num.getAsDouble(L) || L < 0)
        return createStringError(
            inconvertibleErrorCode(),
            "--fail-on: '" + T +
                "' is not a condition (reject-flip, accept-flip, flip, "
                "missing, or METRIC+N, METRIC+N%, METRIC-N, METRIC-N% with "
                "METRIC one of insns, states, peak-states, stack, xlated, "
                "removed)");
      C.Kind = T[Op] == '+' ? Condition::Grows : Condition::Shrinks;
      C.M = *M;
      C.Limit = L;
    }
    Cs.push_back(std::move(C));
  }
  if (Cs.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--fail-on needs at least one condition");
  return Cs;
}

// ---------------------------------------------------------------------------
// Sides given as objects

bool isObjectSide(StringRef Path) {
  return sys::fs::is_directory(Path) || Path.ends_with(".o");
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
      if (StringRef(It->path()).ends_with(".o"))
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

  Result Sides[2];
  for (unsigned I = 0; I < 2; ++I) {
    std::string What = std::string(SideName[I]) + " '" + O.Objects[I] + "'";
    Expected<Result> R = resultFromJson(*Json[I], What);
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
