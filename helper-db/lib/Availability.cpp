//===- Availability.cpp - Which kernels offer a helper --------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Turns the database's `since`/`available` facts and the releases' probe
// results into the targeted kernels that refuse a helper call
// (Availability.h says what is judged and what is not).
//
//===----------------------------------------------------------------------===//

#include "helperguard/Availability.h"

#include "helperguard/LLVMCompat.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace helperguard {

namespace {

bool knownProgType(StringRef T) { return !T.empty() && T != "*"; }

/// What the release's probe results say about helper Id in program type T:
/// true callable, false not callable, nullopt no result.
std::optional<bool> probedCallable(const KernelRelease &R, unsigned Id,
                                   StringRef T) {
  bool Seen = false;
  for (const ProbeResult &P : R.Results) {
    if (P.IsKfunc || P.Id != Id || P.ProgType != T)
      continue;
    if (P.Outcome == ProbeOutcome::Kept || P.Outcome == ProbeOutcome::Forgot)
      return true;
    if (P.Outcome == ProbeOutcome::NotLoadable)
      Seen = true;
  }
  if (Seen)
    return false;
  return std::nullopt;
}

} // namespace

KernelSet availabilityTargets(const HelperDB &DB, const KernelSet &Targets) {
  KernelSet Out;
  const auto &C = DB.availabilityCoverage();
  if (!C)
    return Out;
  Out = Targets.intersect(C->Kernels);
  for (const std::string &Name : Targets.releases()) {
    const KernelRelease *R = DB.release(Name);
    if (!R)
      continue;
    if (!R->Results.empty() || (R->Kernel && C->Kernels.contains(*R->Kernel)))
      Out.addRelease(Name);
  }
  return Out;
}

KernelSet availableKernels(const Helper &H, StringRef T) {
  KernelSet Out;
  for (const AvailableRange &A : H.Available)
    if (is_contained(A.ProgTypes, T))
      Out.add(A.Kernels);
  return Out;
}

KernelSet missingHelperKernels(const HelperDB &DB, const Helper &H) {
  KernelSet Out;
  const auto &C = DB.availabilityCoverage();
  if (!C || !H.Since || !(C->Kernels.Lo < *H.Since))
    return Out;
  KernelVersion Before = *H.Since;
  // The kernel just below Since: x.y.(z-1), or every (x.y-1).z.
  if (Before.Patch > 0 && Before.Patch != KernelVersion::AnyPatch) {
    --Before.Patch;
  } else if (Before.Minor > 0) {
    --Before.Minor;
    Before.Patch = KernelVersion::AnyPatch;
  } else {
    return Out;
  }
  Out.add(KernelRange{C->Kernels.Lo, Before});
  return Out;
}

std::vector<AvailabilityProblem>
availabilityProblems(const HelperDB &DB, const Helper &H,
                     ArrayRef<std::string> ProgTypes,
                     const KernelSet &Targets) {
  std::vector<AvailabilityProblem> Out;
  KernelSet Judged = availabilityTargets(DB, Targets);
  if (Judged.empty())
    return Out;

  // Versions first, then each release by its own facts.
  KernelSet Missing = Judged.intersect(missingHelperKernels(DB, H));
  KernelSet RelMissing;
  for (const std::string &Name : Judged.releases()) {
    const KernelRelease *R = DB.release(Name);
    bool AnyProbe = false;
    for (const std::string &T : ProgTypes)
      if (knownProgType(T) && probedCallable(*R, H.Id, T))
        AnyProbe = true;
    if (!AnyProbe && R->Kernel && missingHelperKernels(DB, H).contains(*R->Kernel))
      RelMissing.addRelease(Name);
  }
  Missing.add(RelMissing);
  if (!Missing.empty())
    Out.push_back({AvailabilityProblemKind::NoHelper, "", Missing});

  if (H.Available.empty())
    return Out;
  for (const std::string &T : ProgTypes) {
    if (!knownProgType(T))
      continue;
    // Kernels without the program type refuse the program, not the call.
    const auto &Cov = *DB.availabilityCoverage();
    auto PT = Cov.ProgTypes.find(T);
    if (PT == Cov.ProgTypes.end() && !Cov.ProgTypes.empty())
      continue; // struct_ops, ext: not known
    KernelRange TypeKernels =
        PT == Cov.ProgTypes.end() ? Cov.Kernels : PT->second;
    KernelSet Refused = Judged.intersect(TypeKernels)
                            .subtract(availableKernels(H, T))
                            .subtract(Missing);
    for (const std::string &Name : Judged.releases()) {
      if (is_contained(Missing.releases(), Name))
        continue;
      const KernelRelease *R = DB.release(Name);
      std::optional<bool> Probed = probedCallable(*R, H.Id, T);
      bool No = Probed ? !*Probed
                       : (R->Kernel && !availableKernels(H, T).contains(*R->Kernel) &&
                          DB.availabilityCoverage()->Kernels.contains(*R->Kernel));
      if (No)
        Refused.addRelease(Name);
    }
    if (!Refused.empty())
      Out.push_back({AvailabilityProblemKind::NotForProgType, T, Refused});
  }
  return Out;
}

bool kconfigIsFeatureCheck(StringRef Name) {
  return Name == "LINUX_KERNEL_VERSION" ||
         compat::startsWith(Name, "LINUX_HAS_");
}

std::string describeAvailabilityProblem(const Helper &H,
                                        const AvailabilityProblem &P) {
  if (P.Kind == AvailabilityProblemKind::NoHelper)
    return H.Name + " does not exist on " + P.Kernels.str();
  return H.Name + " is not offered to " + P.ProgType + " programs on " +
         P.Kernels.str();
}

} // namespace helperguard
