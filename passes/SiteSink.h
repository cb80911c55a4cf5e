//===- SiteSink.h - Hand examined sites to the Clang plugin ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// HelperGuardClang.so (clang-plugin/) reports the pass's verdicts as Clang
// diagnostics. It runs in the same cc1 process, after the backend, and
// collects them here: with the hidden option -bpf-helperguard-sink (which
// the Clang plugin sets), the pass records every examined helper call, as
// JSON, in a process-wide list and leaves the warnings to the Clang plugin.
// The list is taken through a C function that the Clang plugin looks up by
// name, so the two libraries share no C++ ABI:
//
//   extern "C" char *helperguard_take_sites(void);
//
// returns {"modules": N, "sites": [...], "portability": [...]} (malloc'd,
// the caller frees it) and empties the lists. Each site holds the call's
// location, helper id and name, program types, affected kernels, decision,
// and for each buffer its name, argument number, declaration, the
// initialisations that reach the call and the reads the verifier may fold
// (locations as "file", "dir", "line", "column"). Each portability finding
// (AvailabilityDiagnostics.h) holds the call's location, helper id and
// name, the problem and the check that would remove the call where it is
// refused; the pass then leaves the portability warning
// (-Whelperguard-portability) to the Clang plugin too.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_SITESINK_H
#define HELPERGUARD_PASSES_SITESINK_H

#include "SiteDiagnostics.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class CallBase;
} // namespace llvm

namespace helperguard {

/// Whether -bpf-helperguard-sink is on: the Clang plugin reports the sites.
bool siteSinkEnabled();

/// Notes that the pass examined a module (even one without helper calls).
void sinkModule();

/// Records R. Call before the module is rewritten: R's verdict points into
/// it.
void sinkSite(const SiteRecord &R);

/// Records that a targeted kernel refuses the call CB of helper Id (Name):
/// Problem says where and why, Fix how to guard the call.
void sinkPortability(const llvm::CallBase &CB, unsigned Id,
                     llvm::StringRef Name, llvm::StringRef Problem,
                     llvm::StringRef Fix);

} // namespace helperguard

extern "C" char *helperguard_take_sites(void);

#endif // HELPERGUARD_PASSES_SITESINK_H
