//===- HtmlReport.h - The HTML report of a matrix ---------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what "helperguard matrix --html FILE" writes: one HTML page with no
// outside resources: the kernels, the program x kernel table (accepted or
// rejected, processed instructions, states, stack), and for every sweep an
// SVG plot per metric (processed instructions, total states, peak states,
// stack depth) against N, one line per kernel, with where each kernel
// rejected first. A sweep is a set of objects named PREFIX-N.o (at least two
// values of N; scripts/bench.d/sweep-gen.py writes them).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_HTMLREPORT_H
#define HELPERGUARD_TOOLS_MATRIX_HTMLREPORT_H

#include "llvm/Support/JSON.h"

#include <string>

namespace helperguard {
namespace tool {
namespace matrix {

/// The page for Matrix, a value of the shape matrixJson() returns.
std::string renderHtmlReport(const llvm::json::Value &Matrix);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_HTMLREPORT_H
