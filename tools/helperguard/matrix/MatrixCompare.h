//===- MatrixCompare.h - Compare two matrix results ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what "helperguard matrix --compare BASE NEW" reports, as veristat
// -C does for one kernel, but per kernel: which programs flipped between
// accepted and rejected, how processed instructions, states, stack depth,
// xlated length and branches removed moved, and whether a --fail-on
// condition (a CI gate) holds. BASE and NEW are two `matrix --json` results,
// or two objects / directories of objects that are run first (in one matrix
// run: one boot per kernel for both sides).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_MATRIXCOMPARE_H
#define HELPERGUARD_TOOLS_MATRIX_MATRIXCOMPARE_H

#include "MatrixTypes.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// Runs the matrix on O.Objects and O.Kernels into Results; returns the exit
/// status of a matrix run (0, 1: some kernel failed, 2: bad setup).
using MatrixRunner = llvm::function_ref<int(
    const MatrixOptions &O, std::vector<KernelResult> &Results)>;

/// "helperguard matrix --compare BASE NEW" (O.Objects = {BASE, NEW}).
/// Exit status: 0, 1 when a --fail-on condition holds (or a side's matrix run
/// lost a kernel), 2 on bad input.
int runMatrixCompare(const MatrixOptions &O, MatrixRunner Run);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_MATRIXCOMPARE_H
