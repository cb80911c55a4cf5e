//===- DbAvailabilityCommand.cpp - helperguard db availability ------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard db availability [--prog-type T] [--json | --markdown]
//
// Per helper, the first measured kernel on which it is offered to each
// program type (FORMAT.md, "Availability"). The oldest measured kernel is
// printed as "<=5.10": the database says nothing of older kernels. Then,
// per known kfunc with measured availability, the kernels that export it
// (not per program type: left out with --prog-type). The
// Markdown output is docs/availability.md (test/lit/tools checks that the
// committed page is what this prints).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/Availability.h"
#include "helperguard/HelperDB.h"
#include "helperguard/KfuncAvailability.h"
#include "helperguard/ProgramType.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

/// The series of V ("6.12"), or "<=5.10" for the start of the coverage.
std::string firstText(const KernelVersion &V, const KernelRange &Coverage) {
  std::string S = std::to_string(V.Major) + "." + std::to_string(V.Minor);
  if (V.Patch != 0 && V.Patch != KernelVersion::AnyPatch)
    S += "." + std::to_string(V.Patch);
  if (!(Coverage.Lo < V))
    return "<=" + S;
  return S;
}

/// Program type -> the ranges on which H is offered to it.
std::map<std::string, KernelSet> byProgType(const Helper &H) {
  std::map<std::string, KernelSet> Out;
  for (const AvailableRange &A : H.Available)
    for (const std::string &T : A.ProgTypes)
      Out[T].add(A.Kernels);
  return Out;
}

/// "<=5.10: kprobe, xdp; 6.12: netfilter", with "(until 6.12)" where a range
/// ends before the newest measured kernel.
std::string summary(const Helper &H, const KernelRange &Coverage) {
  std::map<std::string, std::vector<std::string>> Groups; // first -> types
  std::vector<std::pair<KernelVersion, std::string>> Order;
  for (const auto &[T, Set] : byProgType(H)) {
    const KernelRange &First = Set.ranges().front();
    std::string Key = firstText(First.Lo, Coverage);
    if (Set.ranges().size() > 1 ||
        !(First.Hi == KernelVersion::max()))
      Key += " (on " + Set.str() + ")";
    if (!Groups.count(Key))
      Order.push_back({First.Lo, Key});
    Groups[Key].push_back(T);
  }
  llvm::sort(Order);
  std::string Out;
  for (const auto &[V, Key] : Order)
    Out += (Out.empty() ? "" : "; ") + Key + ": " + join(Groups[Key], ", ");
  return Out.empty() ? "no program type" : Out;
}

/// The known kfuncs whose availability was measured.
std::vector<const Kfunc *> measuredKfuncs(const HelperDB &DB) {
  std::vector<const Kfunc *> Out;
  for (const auto &[Name, K] : DB.kfuncs())
    if (!K.Available.empty())
      Out.push_back(&K);
  return Out;
}

} // namespace

int runDbAvailability(const HelperDB &DB, const ParsedArgs &P) {
  if (!P.Positional.empty())
    return usageError("'db availability' takes no positional arguments");
  const auto &Cov = DB.availabilityCoverage();
  if (!Cov)
    return usageError("the database has no availability facts");
  std::string Type;
  if (!P.values("prog-type").empty()) {
    std::string Arg = P.value("prog-type"); // value() returns a copy
    if (is_contained(knownProgTypes(), StringRef(Arg)))
      Type = Arg;
    else if (std::optional<StringRef> T = progTypeForSection(Arg))
      Type = T->str();
    else
      return usageError("unknown program type '" + Arg + "' (known: " +
                        join(knownProgTypes(), ", ") + ")");
  }

  if (P.has("json")) {
    json::Array Rows;
    for (const auto &[Id, H] : DB.helpers()) {
      json::Object Types;
      for (const auto &[T, Set] : byProgType(H)) {
        if (!Type.empty() && T != Type)
          continue;
        json::Array Ranges;
        for (const KernelRange &R : Set.ranges())
          Ranges.push_back(R.str());
        Types[T] = json::Object{
            {"first", firstText(Set.ranges().front().Lo, Cov->Kernels)},
            {"kernels", std::move(Ranges)}};
      }
      json::Object Row{{"id", Id}, {"name", H.Name},
                       {"prog_types", std::move(Types)}};
      if (H.Since)
        Row["since"] = firstText(*H.Since, Cov->Kernels);
      Rows.push_back(std::move(Row));
    }
    json::Array Kfuncs;
    for (const Kfunc *K :
         Type.empty() ? measuredKfuncs(DB) : std::vector<const Kfunc *>()) {
      KernelSet Set = kfuncAvailableKernels(*K);
      json::Array Ranges;
      for (const KernelRange &R : Set.ranges())
        Ranges.push_back(R.str());
      Kfuncs.push_back(json::Object{
          {"name", K->Name},
          {"first", firstText(Set.ranges().front().Lo, Cov->Kernels)},
          {"kernels", std::move(Ranges)},
          {"source", K->Available.front().Source.Source}});
    }
    printJson(json::Object{{"coverage", Cov->Kernels.str()},
                           {"source", Cov->Source.Source},
                           {"helpers", std::move(Rows)},
                           {"kfuncs", std::move(Kfuncs)}});
    return ExitOK;
  }

  bool Md = P.has("markdown");
  if (Md) {
    outs() << "# Helper availability by kernel\n\n"
           << "<!-- GENERATED by `build/bin/helperguard db availability "
              "--markdown > docs/availability.md`; do not edit. -->\n\n"
           << "Per helper, the first measured kernel on which each program "
              "type is offered it (its `*_func_proto()` returns a prototype "
              "under some condition). The database measures kernels "
           << Cov->Kernels.str()
           << "; `<=X` means the helper is there on the oldest measured "
              "kernel X, and nothing is known of older ones. A kernel "
              "between two measured ones counts as not having what the "
              "older one lacks. Facts: "
           << Cov->Source.Source << ".\n\n"
           << "Where these facts come from, and how they compare with bcc's "
              "table, is in [availability-sources.md](availability-sources.md)."
              "\n\n"
           << "| id | helper | exists from | program types, by first measured "
              "kernel |\n| --- | --- | --- | --- |\n";
  }
  for (const auto &[Id, H] : DB.helpers()) {
    std::string Since = H.Since ? firstText(*H.Since, Cov->Kernels) : "?";
    if (!Type.empty()) {
      KernelSet Set = availableKernels(H, Type);
      outs() << H.Name << " (" << Id << "): "
             << (Set.empty() ? std::string("not offered to ") + Type
                             : firstText(Set.ranges().front().Lo,
                                         Cov->Kernels) +
                                   (Set.ranges().size() > 1 ||
                                            !(Set.ranges().front().Hi ==
                                              KernelVersion::max())
                                        ? " (on " + Set.str() + ")"
                                        : ""))
             << "\n";
      continue;
    }
    if (Md)
      outs() << "| " << Id << " | `" << H.Name << "` | " << Since << " | "
             << summary(H, Cov->Kernels) << " |\n";
    else
      outs() << H.Name << " (" << Id << "), exists from " << Since << ": "
             << summary(H, Cov->Kernels) << "\n";
  }
  if (!Type.empty())
    return ExitOK;
  std::vector<const Kfunc *> Kfuncs = measuredKfuncs(DB);
  if (Md && !Kfuncs.empty())
    outs() << "\n## Kfuncs\n\n"
           << "Per kfunc the database knows, the measured kernels whose "
              "vmlinux BTF has it (the behavioural probe's programs calling "
              "it load there; `absent` elsewhere). A call to it is refused "
              "on the other kernels: libbpf cannot resolve the `__ksym` "
              "extern. The pass, the Clang plugin "
              "(`-Whelperguard-portability`) and `helperguard check` warn "
              "about a call outside `if (bpf_ksym_exists(kfunc))`. A kfunc "
              "not listed here is never judged.\n\n"
           << "| kfunc | exported on | first measured with it |\n"
              "| --- | --- | --- |\n";
  for (const Kfunc *K : Kfuncs) {
    KernelSet Set = kfuncAvailableKernels(*K);
    std::string First = firstText(Set.ranges().front().Lo, Cov->Kernels);
    if (Md)
      outs() << "| `" << K->Name << "` | " << Set.str() << " | " << First
             << " |\n";
    else
      outs() << K->Name << " (kfunc), exported on " << Set.str() << "\n";
  }
  return ExitOK;
}

} // namespace tool
} // namespace helperguard
