//===- AvailabilityDiagnostics.h - Calls a targeted kernel refuses -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The portability diagnostics of the pass: a helper call that a targeted
// kernel's verifier refuses outright (the helper does not exist there, or
// is not offered to the program type; helper-db/include/helperguard/
// Availability.h), a helper call passing read-only memory where a targeted
// kernel's prototype refuses it (helperguard/ReadOnlyArgs.h, the pointers:
// ReadOnlyPointers.h; no CO-RE check silences it), or a call of a kfunc the
// database knows that a targeted kernel does not export (KfuncAvailability.h;
// a call to any other external declaration, an unknown kfunc, is never
// judged). They are warnings of their
// own kind, separate from the miscompile warnings, controlled by
// -bpf-helperguard-portability= warn|remark|off. With the Clang plugin loaded
// (-bpf-helperguard-sink), the warnings go to its site sink and the plugin
// reports them in its -Whelperguard-portability group. A call under a CO-RE
// existence check is silent where the check proves enough:
// bpf_core_enum_value_exists(enum bpf_func_id, ...) only that the id exists
// (the verifier still refuses a program type not offered the helper), a type,
// field or ksym check (bpf_core_type_exists, bpf_core_field_exists,
// bpf_ksym_exists), or a test of libbpf's __kconfig LINUX_KERNEL_VERSION or
// a LINUX_HAS_* flag (usdt.bpf.h's LINUX_HAS_BPF_COOKIE; not a CONFIG_*
// value such as CONFIG_HZ), is taken as the feature check
// it is meant to be (for a kfunc call, the only check that helps): libbpf
// makes the branch constant, the verifier never walks the dead side.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H
#define HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H

#include "helperguard/HelperDB.h"

namespace llvm {
class Module;
} // namespace llvm

namespace helperguard {

/// Diagnoses every helper and known kfunc call of M refused on a kernel of
/// Targets; returns how many calls were diagnosed.
unsigned diagnoseAvailability(llvm::Module &M, const HelperDB &DB,
                              const KernelSet &Targets);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_AVAILABILITYDIAGNOSTICS_H
