//===- AvailabilityDiagnostics.h - Calls a targeted kernel refuses -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The portability diagnostics of the pass: a helper call that a targeted
// kernel's verifier refuses outright (the helper does not exist there, or
// is not offered to the program type; helper-db/include/helperguard/
// Availability.h), and read-only memory (a constant global: .rodata) passed
// to an argument whose prototype on a targeted kernel lacks MEM_RDONLY.
// They are warnings of their own kind, separate from the miscompile
// warnings, controlled by -bpf-helperguard-portability=warn|remark|off.
// A call the code guards with a CO-RE existence check (a branch on
// llvm.bpf.preserve.{enum.value,type.info,field.info} or on an extern_weak
// ksym) is silent: libbpf or the verifier removes it where it is missing.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H
#define HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H

#include "helperguard/HelperDB.h"

namespace llvm {
class Module;
} // namespace llvm

namespace helperguard {

/// Diagnoses every helper call of M refused on a kernel of Targets; returns
/// how many calls were diagnosed.
unsigned diagnoseAvailability(llvm::Module &M, const HelperDB &DB,
                              const KernelSet &Targets);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H
