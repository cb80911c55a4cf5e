//===- KfuncAvailability.cpp - Which kernels export a kfunc ---------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Turns a kfunc's `available` ranges and the releases' probe results into
// the targeted kernels that lack it (KfuncAvailability.h says what is
// judged and what is not).
//
//===----------------------------------------------------------------------===//

#include "helperguard/KfuncAvailability.h"

#include "helperguard/Availability.h"

#include <optional>

using namespace llvm;

namespace helperguard {

namespace {

/// What the release's probe results say of kfunc Name: true it exists
/// (some program calling it loaded), false it is absent, nullopt no result.
std::optional<bool> probedExists(const KernelRelease &R, StringRef Name) {
  std::optional<bool> Out;
  for (const ProbeResult &P : R.Results) {
    if (!P.IsKfunc || P.Name != Name)
      continue;
    if (P.Outcome == ProbeOutcome::Kept || P.Outcome == ProbeOutcome::Forgot)
      return true;
    if (P.Outcome == ProbeOutcome::Absent)
      Out = false;
  }
  return Out;
}

/// "6.12" for a series start (x.y.0), else "6.12.117".
std::string versionText(const KernelVersion &V) {
  std::string S = std::to_string(V.Major) + "." + std::to_string(V.Minor);
  return V.Patch == 0 ? S : S + "." + std::to_string(V.Patch);
}

} // namespace

KernelSet kfuncAvailableKernels(const Kfunc &K) {
  KernelSet Out;
  for (const ForgottenRange &A : K.Available)
    Out.add(A.Kernels);
  return Out;
}

KernelSet missingKfuncKernels(const HelperDB &DB, const Kfunc &K,
                              const KernelSet &Targets) {
  KernelSet Out;
  if (K.Available.empty())
    return Out;
  KernelSet Judged = availabilityTargets(DB, Targets);
  if (Judged.empty())
    return Out;
  KernelSet Has = kfuncAvailableKernels(K);
  // Versions: the judged ones (all within the coverage) outside `available`.
  KernelSet Versions;
  for (const KernelRange &R : Judged.ranges())
    Versions.add(R);
  Out = Versions.subtract(Has);
  const KernelRange &Cov = DB.availabilityCoverage()->Kernels;
  for (const std::string &Name : Judged.releases()) {
    const KernelRelease *R = DB.release(Name);
    if (!R)
      continue;
    std::optional<bool> Probed = probedExists(*R, K.Name);
    bool Lacks = Probed ? !*Probed
                        : (R->Kernel && Cov.contains(*R->Kernel) &&
                           !Has.contains(*R->Kernel));
    if (Lacks)
      Out.addRelease(Name);
  }
  return Out;
}

std::string describeMissingKfunc(const Kfunc &K, const KernelSet &Missing) {
  std::string S = K.Name + " does not exist on " + Missing.str();
  KernelSet Has = kfuncAvailableKernels(K);
  if (!Has.ranges().empty())
    S += " (first measured with it: " + versionText(Has.ranges().front().Lo) +
         ")";
  return S;
}

} // namespace helperguard
