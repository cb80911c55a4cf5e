//===- AvailabilityChecker.h - Calls a targeted kernel refuses --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The portability findings of `helperguard check`: helper calls of a
// compiled object that a targeted kernel's verifier refuses outright (the
// helper does not exist there, or the program type is not offered it;
// helper-db/include/helperguard/Availability.h), and calls of a kfunc the
// database knows (relocated against an undefined symbol of its name) that a
// targeted kernel does not export (KfuncAvailability.h; an unknown kfunc is
// never judged), and read-only memory passed as a memory argument where a
// targeted kernel's prototype refuses it (helperguard/ReadOnlyArgs.h: what
// bpf_dynptr_slice() returns, a per-CPU pointer to a ksym whose type is not
// a struct, an address in .rodata; the hazard checker marks
// such arguments in CallVerdict::ReadOnlyArgs). A separate finding kind
// from the hazards: it does not change the exit status.
//
// A call is taken as guarded by the code itself when, in the same function
// and before the call, an instruction carries a CO-RE existence relocation
// (.BTF.ext: field, type or enum-value existence, type match) or loads the
// address of an undefined (extern) symbol, a __ksym or a __kconfig kernel
// version or feature flag (not a CONFIG_* value), and a conditional jump
// lies between it and the call. An enum-value check of enum bpf_func_id
// proves only that the helper id exists, so it silences only "does not
// exist" (the pass's rule; docs/availability-sources.md).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_AVAILABILITYCHECKER_H
#define HELPERGUARD_CHECK_AVAILABILITYCHECKER_H

#include "BpfObject.h"
#include "HazardChecker.h"

#include "helperguard/HelperDB.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace helperguard {
namespace check {

struct PortabilityFinding {
  InsnLoc Loc;
  std::string Helper;
  std::string Message; ///< "bpf_x is not offered to xdp programs on 6.1-6.11"
  KernelSet Kernels;   ///< the targeted kernels that refuse the call
};

/// The portability findings of the helper and kfunc calls in R (of object Obj,
/// whose ELF bytes are Elf, for the CO-RE relocations), on Targets.
std::vector<PortabilityFinding>
checkAvailability(llvm::StringRef Elf, const BpfObject &Obj,
                  const CheckResult &R, const HelperDB &DB,
                  const KernelSet &Targets);

/// {"location", "helper", "kernels", "message"} per finding.
llvm::json::Array portabilityJson(const BpfObject &Obj,
                                  const std::vector<PortabilityFinding> &F);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_AVAILABILITYCHECKER_H
