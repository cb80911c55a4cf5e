//===- MatrixMerge.h - Join the results of matrix shards --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides how "helperguard matrix merge A.json B.json..." joins the --json
// results of --shard runs into the result of one run: kernels in the order
// they first appear, a kernel's programs in input order, its boot seconds
// added, the worst status kept; a (kernel, object, program) in two inputs,
// or an input that is not a matrix result, is an error (exit status 2).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_MATRIXMERGE_H
#define HELPERGUARD_TOOLS_MATRIX_MATRIXMERGE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace helperguard {
namespace tool {
namespace matrix {

/// "helperguard matrix merge A.json B.json...": the joined JSON on stdout.
int runMatrixMerge(llvm::ArrayRef<llvm::StringRef> Args);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_MATRIXMERGE_H
