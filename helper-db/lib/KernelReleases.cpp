//===- KernelReleases.cpp - Kernel builds named by uname -r ---------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A kernel's version number is not evidence of what its verifier does (RHEL
// 10's "6.12" runs 6.14's BPF, a backport may or may not carry the prototype
// fixes). This file decides what a selection element that names a build
// (`uname -r`) means, and answers staleness on such a build from what the
// behavioural probe measured on it (FORMAT.md, "Release"):
//
//   - a build with probe results: `kept` on a written argument is stale,
//     `forgot` and `not-loadable` are not, and anything not measured
//     (`skipped`, `error`, no result) is stale wherever the database knows
//     the argument stale on some kernel: missing data never guards less;
//   - a build known to have an upstream version's facts (Debian's measured
//     kernels) is that version;
//   - any other build is guarded as every kernel is, and named so the tools
//     can tell the user how to measure it.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace helperguard {

StringRef probeOutcomeName(ProbeOutcome O) {
  switch (O) {
  case ProbeOutcome::Kept:
    return "kept";
  case ProbeOutcome::Forgot:
    return "forgot";
  case ProbeOutcome::NotLoadable:
    return "not-loadable";
  case ProbeOutcome::Skipped:
    return "skipped";
  case ProbeOutcome::Error:
    return "error";
  case ProbeOutcome::Absent:
    return "absent";
  }
  return "unknown";
}

std::optional<ProbeOutcome> probeOutcomeFromName(StringRef Name) {
  for (ProbeOutcome O :
       {ProbeOutcome::Kept, ProbeOutcome::Forgot, ProbeOutcome::NotLoadable,
        ProbeOutcome::Skipped, ProbeOutcome::Error, ProbeOutcome::Absent})
    if (probeOutcomeName(O) == Name)
      return O;
  return std::nullopt;
}

bool KernelRelease::matches(StringRef R) const {
  StringRef Mine = Release;
  return R == Mine ||
         (compat::startsWith(R, Mine) && R.size() > Mine.size() &&
          R[Mine.size()] == '-');
}

void HelperDB::addRelease(KernelRelease R) {
  auto It = llvm::lower_bound(Releases, R.Release,
                              [](const KernelRelease &A, const std::string &B) {
                                return A.Release < B;
                              });
  if (It != Releases.end() && It->Release == R.Release)
    *It = std::move(R);
  else
    Releases.insert(It, std::move(R));
}

const KernelRelease *HelperDB::release(StringRef R) const {
  const KernelRelease *Best = nullptr;
  for (const KernelRelease &K : Releases)
    if (K.matches(R) && (!Best || K.Release.size() > Best->Release.size()))
      Best = &K;
  return Best;
}

std::string unmeasuredReleasesMessage(const std::vector<std::string> &Rels,
                                      StringRef DbFlag) {
  std::string Names;
  for (const std::string &R : Rels)
    Names += (Names.empty() ? "'" : ", '") + R + "'";
  return "kernel " + Names +
         (Rels.size() == 1 ? " is a build" : " are builds") +
         " the helper database has no measurement of; a version number is "
         "not evidence of what a vendor kernel's verifier does, so " +
         (Rels.size() == 1 ? "it is" : "they are") +
         " guarded as every kernel is. Measure: run 'helperguard probe "
         "--json FILE' on that kernel, then add " +
         DbFlag.str();
}

namespace {

/// Whether a selection element names a build rather than versions: version
/// numbers and ranges are digits, dots and dashes ("6.14-6.18"), a `uname -r`
/// has a letter, '+' or '~' ("6.17.0-8-generic", "6.17.13+deb13-amd64").
bool namesRelease(StringRef S) {
  return S != "all" &&
         any_of(S, [](char C) { return isAlpha(C) || C == '+' || C == '~'; });
}

/// Whether P, which names a release, reads as a mistyped range ("6.14-6.1x"):
/// a version, '-', then the start of a version of the same or the next
/// major that does not parse as a range's end. What vendors put after the
/// dash is no version ("6.17.0-8-generic", "6.11.4-301.fc41") or a build
/// number far from the kernel's major ("5.14.0-427.13.1.el9_4",
/// "6.4.0-150600.23.25-default").
bool looksLikeMistypedRange(StringRef P) {
  auto [Lo, Hi] = P.split('-');
  Expected<KernelVersion> Low = KernelVersion::parse(Lo);
  if (!Low) {
    consumeError(Low.takeError());
    return false;
  }
  unsigned Major = 0;
  StringRef Rest = Hi;
  if (Rest.consumeInteger(10, Major) || !Rest.consume_front(".") ||
      Rest.empty() || !isDigit(Rest[0]))
    return false;
  if (Major != Low->Major && Major != Low->Major + 1)
    return false;
  Expected<KernelVersion> High = KernelVersion::parse(Hi);
  if (High && !Hi.contains('-') && !Hi.contains('+') && !Hi.contains('~'))
    return false; // a range after all
  if (!High)
    consumeError(High.takeError());
  return true;
}

} // namespace

Expected<KernelSelection> HelperDB::selectKernels(StringRef S) const {
  KernelSelection Sel;
  SmallVector<StringRef, 4> Parts;
  S.split(Parts, ',');
  SmallVector<std::string, 4> Versions;
  for (StringRef Part : Parts) {
    StringRef P = Part.trim();
    if (!namesRelease(P)) {
      Versions.push_back(P.str());
      continue;
    }
    if (const KernelRelease *R = release(P)) {
      if (!R->Results.empty())
        Sel.Kernels.addRelease(R->Release);
      else if (R->Kernel)
        Sel.Kernels.add(KernelRange{*R->Kernel, *R->Kernel});
      continue;
    }
    if (looksLikeMistypedRange(P)) {
      Expected<KernelRange> R = KernelRange::parse(P);
      return createStringError(
          inconvertibleErrorCode(),
          "bad kernel selection '" + S.str() + "': " +
              (R ? "'" + P.str() + "' is neither a range nor a kernel release"
                 : toString(R.takeError())));
    }
    // A build nobody measured: its number is not evidence.
    if (Expected<KernelVersion> V = KernelVersion::parse(P); !V) {
      consumeError(V.takeError());
      // Not even a version at its front: say so as for any bad element.
      Expected<KernelRange> R = KernelRange::parse(P);
      return createStringError(
          inconvertibleErrorCode(),
          "bad kernel selection '" + S.str() + "': " +
              (R ? std::string("not a kernel release")
                 : toString(R.takeError())));
    }
    Sel.Kernels.add(KernelRange());
    if (!is_contained(Sel.Unmeasured, P))
      Sel.Unmeasured.push_back(P.str());
  }
  if (!Versions.empty()) {
    // KernelSet::parse says what is wrong with a bad version or range, in
    // the words the option errors have always used.
    std::string Joined = join(Versions, ",");
    Expected<KernelSet> K = KernelSet::parse(Joined);
    if (!K)
      return K.takeError();
    Sel.Kernels.add(*K);
  }
  return Sel;
}

namespace {

/// What the results of release R say about (Id or Name, Types, ArgNo):
/// Kept when one says kept, Forgot when every one that applies says forgot
/// or not-loadable (or absent, for kfuncs), else nothing measured.
std::optional<bool> measuredKept(const KernelRelease &R, bool IsKfunc,
                                 unsigned Id, StringRef Name,
                                 function_ref<bool(StringRef)> TypeApplies,
                                 unsigned ArgNo) {
  bool Any = false;
  for (const ProbeResult &P : R.Results) {
    if (P.IsKfunc != IsKfunc || P.ArgNo != ArgNo ||
        (IsKfunc ? P.Name != Name : P.Id != Id) || !TypeApplies(P.ProgType))
      continue;
    switch (P.Outcome) {
    case ProbeOutcome::Kept:
      return true;
    case ProbeOutcome::Forgot:
    case ProbeOutcome::NotLoadable:
    case ProbeOutcome::Absent:
      Any = true;
      break;
    case ProbeOutcome::Skipped:
    case ProbeOutcome::Error:
      return std::nullopt; // one configuration not measured: not evidence
    }
  }
  if (!Any)
    return std::nullopt;
  return false;
}

} // namespace

bool HelperDB::staleOnRelease(StringRef Name, const Helper &H,
                              const std::vector<std::string> &Types,
                              const MemArg &A) const {
  if (!A.Writes)
    return false;
  const KernelRelease *R = release(Name);
  if (!R)
    return !staleKernels(A).empty();
  bool AnyType = Types.empty() || is_contained(Types, "*");
  auto Applies = [&](StringRef T) {
    // A result counts when its program type gets this argument's prototype
    // and is one of the asked types.
    const Prototype *P = H.protoFor(T);
    if (!P || P->arg(A.ArgNo) != &A)
      return false;
    return AnyType || is_contained(Types, T);
  };
  std::optional<bool> Kept =
      measuredKept(*R, /*IsKfunc=*/false, H.Id, H.Name, Applies, A.ArgNo);
  if (Kept)
    return *Kept;
  return !staleKernels(A).empty();
}

KernelSet HelperDB::kfuncStaleKernels(StringRef Name, unsigned ArgNo,
                                      const KernelSet &Targets) const {
  const Kfunc *K = kfunc(Name);
  const KfuncArg *A = K ? K->arg(ArgNo) : nullptr;
  if (!A || !A->Writes)
    return Targets;
  KernelSet Stale;
  for (const KernelRange &Rng : Targets.ranges())
    Stale.add(Rng);
  Stale = Stale.subtract(A->forgottenKernels());
  for (const std::string &Rel : Targets.releases()) {
    const KernelRelease *R = release(Rel);
    std::optional<bool> Kept =
        R ? measuredKept(*R, /*IsKfunc=*/true, 0, Name,
                         [](StringRef) { return true; }, ArgNo)
          : std::nullopt;
    if (!Kept || *Kept)
      Stale.addRelease(Rel);
  }
  return Stale;
}

} // namespace helperguard
