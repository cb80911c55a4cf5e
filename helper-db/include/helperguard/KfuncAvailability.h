//===- KfuncAvailability.h - Which kernels export a kfunc -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides, from a known kfunc's measured `available` ranges (FORMAT.md,
// "Kfunc"), on which targeted kernels a call to it is refused at load time:
// the kernel's vmlinux BTF has no FUNC of that name, so libbpf cannot
// resolve the `__ksym` extern (or, without libbpf, the verifier finds no
// such kfunc).
//
// Judged as helper availability is (Availability.h): only kernels within
// the database's availability coverage, and releases by their own probe
// results for the kfunc (`absent`: lacks it; `kept`/`forgot`: has it), else
// by their upstream version. A kfunc the database does not know, or one
// without `available` facts, is never judged.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_KFUNCAVAILABILITY_H
#define HELPERGUARD_KFUNCAVAILABILITY_H

#include "helperguard/HelperDB.h"

#include <string>

namespace helperguard {

/// The kernels (versions) the database says have kfunc K.
KernelSet kfuncAvailableKernels(const Kfunc &K);

/// The kernels of Targets that lack kfunc K; empty when nothing is known.
KernelSet missingKfuncKernels(const HelperDB &DB, const Kfunc &K,
                              const KernelSet &Targets);

/// "bpf_path_d_path does not exist on 5.10-6.12.116 (first measured with
/// it: 6.12.117)": one line, no location.
std::string describeMissingKfunc(const Kfunc &K, const KernelSet &Missing);

} // namespace helperguard

#endif // HELPERGUARD_KFUNCAVAILABILITY_H
