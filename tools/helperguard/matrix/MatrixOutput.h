//===- MatrixOutput.h - Print matrix results --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides how the results of "helperguard matrix" look: a plain table per
// kernel (default), Markdown (a program x kernel summary, the kernels, the
// details) or JSON (the machine-readable form that --compare and merge
// read back; its keys are a stable interface).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_MATRIXOUTPUT_H
#define HELPERGUARD_TOOLS_MATRIX_MATRIXOUTPUT_H

#include "MatrixTypes.h"

#include "llvm/Support/JSON.h"

#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// Per kernel: a header line and one aligned row per program.
void printTable(const MatrixOptions &O, const std::vector<KernelResult> &Ks);

/// A program x kernel summary, the kernels, then one row per result.
void printMarkdown(const MatrixOptions &O, const std::vector<KernelResult> &Ks);

/// {"kernels": [{..., "programs": [...]}]}.
llvm::json::Value matrixJson(const MatrixOptions &O,
                             const std::vector<KernelResult> &Ks);

/// matrixJson() on stdout.
void printJsonOut(const MatrixOptions &O, const std::vector<KernelResult> &Ks);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_MATRIXOUTPUT_H
