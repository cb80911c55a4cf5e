//===- Availability.h - Which kernels offer a helper ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides, from the helper database's availability facts (FORMAT.md,
// "Availability"), on which targeted kernels a helper call will be refused
// by the verifier: the kernel's enum bpf_func_id has no such id ("unknown
// func"), or the program type's *_func_proto() does not offer it ("program
// of this type cannot use helper").
//
// Only kernels the database's availability coverage holds are judged: the
// database says nothing of older kernels, so a selection of `all` means "all
// kernels from the first measured one". A release (`uname -r`) is judged by
// its probe results where it has some for the helper and program type (a
// `not-loadable` result: not callable; `kept`/`forgot`: callable), else by
// the facts of its upstream version, else not at all.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_AVAILABILITY_H
#define HELPERGUARD_AVAILABILITY_H

#include "helperguard/HelperDB.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace helperguard {

enum class AvailabilityProblemKind {
  NoHelper,       ///< the kernel does not have the helper id
  NotForProgType, ///< the kernel does not offer it to this program type
};

struct AvailabilityProblem {
  AvailabilityProblemKind Kind = AvailabilityProblemKind::NoHelper;
  std::string ProgType; ///< NotForProgType: the program type refused
  KernelSet Kernels;    ///< the targeted kernels that refuse the call
};

/// The kernels of Targets the availability facts can judge: the versions
/// within the coverage, and the releases with probe results or with an
/// upstream version within it. Empty when the database has no coverage.
KernelSet availabilityTargets(const HelperDB &DB, const KernelSet &Targets);

/// The kernels (versions) on which H is offered to program type T, as the
/// database's `available` ranges say; empty when H has no such facts.
KernelSet availableKernels(const Helper &H, llvm::StringRef T);

/// The kernels of the coverage on which H's id does not exist.
KernelSet missingHelperKernels(const HelperDB &DB, const Helper &H);

/// Where a call of helper H from a program of one of ProgTypes (names as in
/// ProgramType.h; "*" or an empty list: the program type is not known, and
/// only the helper's existence is judged) is refused on Targets. One
/// NoHelper problem at most, then one NotForProgType problem per refused
/// program type, none on kernels already counted as NoHelper.
std::vector<AvailabilityProblem>
availabilityProblems(const HelperDB &DB, const Helper &H,
                     llvm::ArrayRef<std::string> ProgTypes,
                     const KernelSet &Targets);

/// Whether a libbpf __kconfig extern named Name (libbpf takes only CONFIG_*
/// and LINUX_* names) says what the kernel can do, so that a branch on it is
/// a feature check: LINUX_KERNEL_VERSION and the LINUX_HAS_* flags, not a
/// CONFIG_* value such as CONFIG_HZ.
bool kconfigIsFeatureCheck(llvm::StringRef Name);

/// "bpf_cgrp_storage_get does not exist on 6.1-6.11" / "bpf_snprintf is not
/// offered to netfilter programs on 6.1-6.11": one line, no location.
std::string describeAvailabilityProblem(const Helper &H,
                                        const AvailabilityProblem &P);

} // namespace helperguard

#endif // HELPERGUARD_AVAILABILITY_H
