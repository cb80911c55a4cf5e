//===- DbCommand.cpp - "helperguard db": query the helper database --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard db list                          every helper and kfunc
//   helperguard db show HELPER|KFUNC             one helper or kfunc in full
//   helperguard db hazards --kernel SEL [--prog-type T]
//   helperguard db diff V1 V2                    what changes between kernels
//   helperguard db availability [--prog-type T]  DbAvailabilityCommand.cpp
//   helperguard db extracted ... / db update     see ExtractedCommand.cpp
//
// Each takes --json (machine-readable output) and --db FILE (merge an extra
// database over the builtin one; may repeat).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/HelperDB.h"
#include "helperguard/ProgramType.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

const char DbHelp[] =
    R"(usage: helperguard db <subcommand> [--json] [--db FILE]... [<args>]

subcommands:
  list                       every helper in the database, with the kernels
                             on which one of its arguments is stale
  show HELPER                one helper (name, with or without "bpf_", or id):
                             prototypes, program types, memory arguments and
                             what each kernel range declares for them; or a
                             kfunc: where the verifier forgets its buffer
  hazards --kernel SEL [--prog-type T]
                             the stale helper arguments on the kernels SEL
                             ("6.17.13", "6.14-6.18", "6.16.3,6.19.6", "all",
                             or a release as uname -r prints it)
                             for program type T (a type such as "xdp" or a
                             libbpf section name such as "kprobe/do_exit";
                             default: any)
  diff V1 V2                 regimes and helper arguments whose declared flags
                             or staleness differ between kernels V1 and V2
                             ("6.18" means 6.18.0)
  availability [--prog-type T] [--markdown]
                             per helper, the first measured kernel on which
                             each program type is offered it
  releases                   the kernel builds named by uname -r that the
                             database has measurements of, with their source
                             and the helper arguments stale on each
  merge FILE... -o OUT       combine the probe results (releases) of several
                             files, one per kernel flavour, into OUT (a later
                             file's release replaces an earlier one)
  extracted ...              facts extracted from kernel source trees
                             (helper-db/extracted; 'db extracted --help')
  update [SERIES...] | --running [K...] | --probe [K...] | --avail [K...] |
         --merge             regenerate helper-db/extracted/*.json (source
                             trees, running kernels, probes) and the generated
                             database helper-db/data/extracted.json

options:
  --json                     print JSON instead of text
  --db FILE                  merge FILE (helper-db/FORMAT.md) over the builtin
                             database; may be given more than once
  --help                     print this text
)";

std::string sizeStr(const MemArg &A) {
  if (A.SizeArgNo)
    return "arg" + std::to_string(*A.SizeArgNo);
  if (A.FixedSize)
    return std::to_string(*A.FixedSize) + " bytes";
  return "?";
}

std::string effectStr(const MemArg &A) {
  std::string S = A.Reads && A.Writes ? "reads+writes"
                  : A.Writes          ? "writes"
                  : A.Reads           ? "reads"
                                      : "none";
  if (A.MayWriteLess)
    S += " (may write less)";
  return S;
}

json::Value provenanceJson(const Provenance &P) {
  json::Object O{{"source", P.Source}};
  if (!P.Date.empty())
    O["date"] = P.Date;
  return O;
}

json::Object argJson(const HelperDB &DB, const MemArg &A, bool Full) {
  json::Object O{{"arg", A.ArgNo},
                 {"reads", A.Reads},
                 {"writes", A.Writes},
                 {"may_write_less", A.MayWriteLess},
                 {"stale_kernels", DB.staleKernels(A).str()}};
  if (A.SizeArgNo)
    O["size_arg"] = *A.SizeArgNo;
  if (A.FixedSize)
    O["size"] = *A.FixedSize;
  if (Full) {
    O["effect"] = provenanceJson(A.EffectSource);
    json::Array Declared;
    for (const DeclaredArg &D : A.Declared)
      Declared.push_back(
          json::Object{{"kernels", D.Kernels.str()},
                       {"flags", D.Flags},
                       {"declares_write", D.DeclaresWrite},
                       {"provenance", provenanceJson(D.Source)}});
    O["declared"] = std::move(Declared);
  }
  return O;
}

json::Object helperJson(const HelperDB &DB, const Helper &H, bool Full) {
  json::Array Protos;
  KernelSet Stale;
  for (const Prototype &P : H.Protos) {
    json::Array Args;
    for (const MemArg &A : P.Args) {
      Args.push_back(argJson(DB, A, Full));
      Stale.add(DB.staleKernels(A));
    }
    json::Array Types;
    for (const std::string &T : P.ProgTypes)
      Types.push_back(T);
    Protos.push_back(json::Object{{"name", P.Name},
                                  {"prog_types", std::move(Types)},
                                  {"args", std::move(Args)}});
  }
  return json::Object{{"id", H.Id},
                      {"name", H.Name},
                      {"stale_kernels", Stale.str()},
                      {"protos", std::move(Protos)}};
}

json::Object kfuncJson(const Kfunc &K) {
  json::Array Args;
  for (const KfuncArg &A : K.Args) {
    json::Object O{{"arg", A.ArgNo},
                   {"reads", A.Reads},
                   {"writes", A.Writes},
                   {"forgotten_kernels", A.forgottenKernels().str()},
                   {"effect", provenanceJson(A.EffectSource)}};
    if (A.SizeArgNo)
      O["size_arg"] = *A.SizeArgNo;
    if (A.FixedSize)
      O["size"] = *A.FixedSize;
    json::Array Forgotten;
    for (const ForgottenRange &F : A.Forgotten)
      Forgotten.push_back(json::Object{{"kernels", F.Kernels.str()},
                                       {"provenance", provenanceJson(F.Source)}});
    O["forgotten"] = std::move(Forgotten);
    Args.push_back(std::move(O));
  }
  json::Array Available;
  for (const ForgottenRange &A : K.Available)
    Available.push_back(json::Object{{"kernels", A.Kernels.str()},
                                     {"provenance", provenanceJson(A.Source)}});
  return json::Object{{"name", K.Name},
                      {"args", std::move(Args)},
                      {"available", std::move(Available)}};
}

int showKfunc(const Kfunc &K, bool Json) {
  if (Json) {
    printJson(kfuncJson(K));
    return ExitOK;
  }
  outs() << K.Name << " (kfunc)\n";
  for (const KfuncArg &A : K.Args) {
    outs() << "  arg" << A.ArgNo << ": size "
           << (A.SizeArgNo ? "arg" + std::to_string(*A.SizeArgNo)
                           : std::to_string(A.FixedSize.value_or(0)))
           << ", " << (A.Writes ? "writes" : "does not write")
           << ", the verifier forgets it on " << A.forgottenKernels().str()
           << "\n      effect: " << A.EffectSource.Source << "\n";
    for (const ForgottenRange &F : A.Forgotten)
      outs() << "      " << left_justify(F.Kernels.str(), 14)
             << " forgotten\n        source: " << F.Source.Source
             << (F.Source.Date.empty() ? "" : " (" + F.Source.Date + ")")
             << "\n";
  }
  for (const ForgottenRange &A : K.Available)
    outs() << "  exported on " << A.Kernels.str()
           << "\n      source: " << A.Source.Source
           << (A.Source.Date.empty() ? "" : " (" + A.Source.Date + ")") << "\n";
  return ExitOK;
}

KernelSet helperStaleKernels(const HelperDB &DB, const Helper &H) {
  KernelSet S;
  for (const Prototype &P : H.Protos)
    for (const MemArg &A : P.Args)
      S.add(DB.staleKernels(A));
  return S;
}

int runList(const HelperDB &DB, const ParsedArgs &P) {
  if (!P.Positional.empty())
    return usageError("'db list' takes no arguments");
  if (P.has("json")) {
    json::Array All;
    for (const auto &[Id, H] : DB.helpers())
      All.push_back(helperJson(DB, H, /*Full=*/false));
    json::Array Kfuncs;
    for (const auto &[Name, K] : DB.kfuncs())
      Kfuncs.push_back(kfuncJson(K));
    printJson(json::Object{{"helpers", std::move(All)},
                           {"kfuncs", std::move(Kfuncs)}});
    return ExitOK;
  }
  outs() << formatv("{0,5}  {1,-32} {2,-10} {3}\n", "id", "helper", "protos",
                    "stale on");
  for (const auto &[Id, H] : DB.helpers())
    outs() << formatv("{0,5}  {1,-32} {2,-10} {3}\n", Id, H.Name,
                      H.Protos.size(), helperStaleKernels(DB, H).str());
  if (!DB.kfuncs().empty())
    outs() << formatv("\n{0,-39} {1,-10} {2}\n", "kfunc", "args",
                      "forgotten by the verifier on");
  for (const auto &[Name, K] : DB.kfuncs()) {
    KernelSet F = KernelSet::all();
    for (const KfuncArg &A : K.Args)
      F = F.intersect(A.forgottenKernels());
    outs() << formatv("{0,-39} {1,-10} {2}\n", Name, K.Args.size(), F.str());
  }
  return ExitOK;
}

const Helper *findHelper(const HelperDB &DB, StringRef Name) {
  unsigned Id = 0;
  if (!Name.getAsInteger(10, Id))
    return DB.helper(Id);
  return DB.helper(Name);
}

int runShow(const HelperDB &DB, const ParsedArgs &P) {
  if (P.Positional.size() != 1)
    return usageError("'db show' takes one helper name or id");
  const Helper *H = findHelper(DB, P.Positional[0]);
  if (!H)
    if (const Kfunc *K = DB.kfunc(P.Positional[0]))
      return showKfunc(*K, P.has("json"));
  if (!H)
    return usageError("unknown helper or kfunc '" + P.Positional[0] +
                      "' (see 'helperguard db list')");
  if (P.has("json")) {
    printJson(helperJson(DB, *H, /*Full=*/true));
    return ExitOK;
  }
  outs() << H->Name << " (id " << H->Id << "), stale on "
         << helperStaleKernels(DB, *H).str() << "\n";
  for (const Prototype &Pr : H->Protos) {
    outs() << "  prototype " << Pr.Name << " for " << join(Pr.ProgTypes, ", ")
           << "\n";
    if (Pr.Args.empty())
      outs() << "    no memory arguments recorded\n";
    for (const MemArg &A : Pr.Args) {
      outs() << "    arg" << A.ArgNo << ": size " << sizeStr(A) << ", "
             << effectStr(A) << ", stale on " << DB.staleKernels(A).str()
             << "\n";
      outs() << "      effect: " << A.EffectSource.Source << "\n";
      if (A.Declared.empty())
        outs() << "      declared: nothing recorded (taken as not declaring "
                  "the write)\n";
      for (const DeclaredArg &D : A.Declared)
        outs() << "      " << left_justify(D.Kernels.str(), 14) << " "
               << D.Flags << (D.DeclaresWrite ? "  [declares write]" : "")
               << "\n        source: " << D.Source.Source
               << (D.Source.Date.empty() ? "" : " (" + D.Source.Date + ")")
               << "\n";
    }
  }
  return ExitOK;
}

/// The program type named by S: a type name, or a libbpf section name.
std::optional<StringRef> resolveProgType(StringRef S) {
  for (StringRef T : knownProgTypes())
    if (T == S)
      return T;
  return progTypeForSection(S);
}

int runHazards(const HelperDB &DB, const ParsedArgs &P) {
  if (!P.Positional.empty())
    return usageError("'db hazards' takes no positional arguments (use "
                      "--kernel and --prog-type)");
  std::string Sel = P.value("kernel");
  if (Sel.empty())
    return usageError("'db hazards' needs --kernel (e.g. --kernel 6.17.13)");
  Expected<KernelSelection> Selection = DB.selectKernels(Sel);
  if (!Selection)
    return usageError(toString(Selection.takeError()));
  if (!Selection->Unmeasured.empty())
    errs() << "helperguard: warning: "
           << unmeasuredReleasesMessage(Selection->Unmeasured, "--db FILE")
           << "\n";
  const KernelSet *Targets = &Selection->Kernels;
  std::vector<std::string> Types;
  std::string TypeArg = P.value("prog-type");
  if (!TypeArg.empty()) {
    std::optional<StringRef> T = resolveProgType(TypeArg);
    if (!T)
      return usageError("unknown program type '" + TypeArg +
                        "' (known: " + join(knownProgTypes(), ", ") + ")");
    Types.push_back(T->str());
  }

  json::Array Rows;
  unsigned Count = 0;
  if (!P.has("json")) {
    outs() << "kernels " << Targets->str();
    if (Targets->ranges().size() == 1 &&
        Targets->ranges()[0].Lo == Targets->ranges()[0].Hi)
      outs() << " (regime " << regimeName(DB.regime(Targets->ranges()[0].Lo))
             << ")";
    outs() << ", program type " << (Types.empty() ? "any" : Types[0]) << "\n";
  }
  for (const auto &[Id, H] : DB.helpers()) {
    std::optional<std::vector<StaleArg>> Stale =
        DB.staleArgs(Id, Types, *Targets);
    for (const StaleArg &S : *Stale) {
      ++Count;
      std::string Size = S.SizeArgNo   ? "arg" + std::to_string(*S.SizeArgNo)
                         : S.FixedSize ? std::to_string(*S.FixedSize)
                                       : "?";
      if (P.has("json")) {
        json::Array PT;
        for (const std::string &T : S.ProgTypes)
          PT.push_back(T);
        json::Object O{{"id", Id},
                       {"helper", H.Name},
                       {"proto", S.Proto},
                       {"arg", S.ArgNo},
                       {"prog_types", std::move(PT)},
                       {"may_write_less", S.MayWriteLess},
                       {"kernels", S.Kernels.str()}};
        if (S.SizeArgNo)
          O["size_arg"] = *S.SizeArgNo;
        if (S.FixedSize)
          O["size"] = *S.FixedSize;
        Rows.push_back(std::move(O));
        continue;
      }
      outs() << formatv("  {0} ({1}) arg{2}, size {3}{4}: {5} for {6} on {7}\n",
                        H.Name, Id, S.ArgNo, Size,
                        S.MayWriteLess ? ", may write less" : "", S.Proto,
                        join(S.ProgTypes, ", "), S.Kernels.str());
    }
  }
  if (P.has("json")) {
    printJson(json::Object{{"kernels", Targets->str()},
                           {"prog_type", Types.empty() ? "*" : Types[0]},
                           {"hazards", std::move(Rows)}});
    return ExitOK;
  }
  if (Count == 0)
    outs() << "  no stale helper arguments\n";
  return ExitOK;
}

std::string flagsOn(const MemArg &A, const KernelVersion &V) {
  const DeclaredArg *D = A.declaredFor(V);
  return D ? D->Flags : "(not recorded)";
}

int runDiff(const HelperDB &DB, const ParsedArgs &P) {
  if (P.Positional.size() != 2)
    return usageError("'db diff' takes two kernel versions");
  KernelVersion V[2];
  for (int I = 0; I < 2; ++I) {
    Expected<KernelVersion> K = KernelVersion::parse(P.Positional[I]);
    if (!K)
      return usageError(toString(K.takeError()));
    V[I] = *K;
  }
  Regime R0 = DB.regime(V[0]), R1 = DB.regime(V[1]);
  bool Json = P.has("json");
  json::Array Rows;
  if (!Json) {
    outs() << V[0].str() << ": regime " << regimeName(R0) << "\n"
           << V[1].str() << ": regime " << regimeName(R1) << "\n";
  }
  unsigned Count = 0;
  for (const auto &[Id, H] : DB.helpers())
    for (const Prototype &Pr : H.Protos)
      for (const MemArg &A : Pr.Args) {
        KernelSet Stale = DB.staleKernels(A);
        bool S0 = Stale.contains(V[0]), S1 = Stale.contains(V[1]);
        std::string F0 = flagsOn(A, V[0]), F1 = flagsOn(A, V[1]);
        if (S0 == S1 && F0 == F1)
          continue;
        ++Count;
        if (Json) {
          Rows.push_back(json::Object{
              {"id", Id},
              {"helper", H.Name},
              {"proto", Pr.Name},
              {"arg", A.ArgNo},
              {"old", json::Object{{"flags", F0}, {"stale", S0}}},
              {"new", json::Object{{"flags", F1}, {"stale", S1}}}});
          continue;
        }
        outs() << formatv("  {0} arg{1} ({2}): {3}{4} -> {5}{6}\n", H.Name,
                          A.ArgNo, Pr.Name, F0, S0 ? " [stale]" : "", F1,
                          S1 ? " [stale]" : "");
      }
  if (Json) {
    printJson(json::Object{{"old", json::Object{{"kernel", V[0].str()},
                                                {"regime", regimeName(R0)}}},
                           {"new", json::Object{{"kernel", V[1].str()},
                                                {"regime", regimeName(R1)}}},
                           {"changes", std::move(Rows)}});
    return ExitOK;
  }
  if (Count == 0)
    outs() << "  no helper argument differs\n";
  return ExitOK;
}

} // namespace

int runDbCommand(ArrayRef<StringRef> Args) {
  if (!Args.empty() && Args.front() == "extracted")
    return runDbExtracted(Args.drop_front());
  if (!Args.empty() && Args.front() == "update")
    return runDbUpdate(Args.drop_front());
  if (!Args.empty() && Args.front() == "merge")
    return runDbMerge(Args.drop_front());
  Expected<ParsedArgs> P =
      parseArgs(Args, {"db", "kernel", "prog-type"},
                {"json", "markdown", "help"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard db --help')");
  if (P->has("help")) {
    outs() << DbHelp;
    return ExitOK;
  }
  if (P->Positional.empty()) {
    errs() << DbHelp;
    return ExitUsage;
  }
  std::string Sub = P->Positional.front();
  P->Positional.erase(P->Positional.begin());
  bool TakesKernel = Sub == "hazards";
  if (Sub == "availability" && P->values("kernel").empty())
    TakesKernel = true; // --prog-type only
  if (P->has("markdown") && Sub != "availability")
    return usageError("--markdown belongs to 'db availability'");
  if (!TakesKernel &&
      (!P->values("kernel").empty() || !P->values("prog-type").empty()))
    return usageError("--kernel and --prog-type belong to 'db hazards'");

  using Runner = int (*)(const HelperDB &, const ParsedArgs &);
  Runner Run = StringSwitch<Runner>(Sub)
                   .Case("list", runList)
                   .Case("show", runShow)
                   .Case("hazards", runHazards)
                   .Case("diff", runDiff)
                   .Case("releases", runDbReleases)
                   .Case("availability", runDbAvailability)
                   .Default(nullptr);
  if (!Run)
    return usageError("unknown 'db' subcommand '" + Sub +
                      "' (see 'helperguard db --help')");
  Expected<HelperDB> DB = loadDatabase(P->values("db"));
  if (!DB)
    return usageError(toString(DB.takeError()));
  return Run(*DB, *P);
}

} // namespace tool
} // namespace helperguard
