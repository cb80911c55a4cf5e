//===- MatrixOptions.h - The command line of "helperguard matrix" -*- C++ -*-//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what a command line of "helperguard matrix" asks for: which
// kernels (the default alias "matrix" of scripts/kbench/kernels.list,
// expanded so that each kernel is a row of its own), which objects, which
// output format, accelerator and timeout, and which command lines are
// usage errors (exit status 2) before anything boots.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_MATRIXOPTIONS_H
#define HELPERGUARD_TOOLS_MATRIX_MATRIXOPTIONS_H

#include "MatrixTypes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// The text of "helperguard matrix --help".
extern const char MatrixHelp[];

/// S split at commas and white space.
std::vector<std::string> splitList(llvm::StringRef S);

/// Fills O from Args (the arguments after "matrix"). Returns the exit status
/// when the command is already finished (--help, a usage error, with its
/// message printed), nothing when the matrix is to run.
std::optional<int> parseMatrixOptions(llvm::ArrayRef<llvm::StringRef> Args,
                                      MatrixOptions &O);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_MATRIXOPTIONS_H
