//===- VerifierLogClassifier.h - Why did the verifier say no? ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides, from the tail of a rejected program's verifier log, which line is
// the key message (the one a human needs) and which category of reject it
// is: nullability, context access, map value bounds, packet bounds,
// complexity (instruction or state limits), stack, helper argument, return
// value, or other.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_VERIFIERLOGCLASSIFIER_H
#define HELPERGUARD_TOOLS_MATRIX_VERIFIERLOGCLASSIFIER_H

#include "MatrixTypes.h"

#include "llvm/ADT/StringRef.h"

namespace helperguard {
namespace tool {
namespace matrix {

/// True for lines of a verifier log that are instruction dumps, register
/// states or statistics rather than messages.
bool isDumpLine(llvm::StringRef L);

/// Sets P.KeyMessage and P.Category from P.Log (and P.LoadError when the log
/// has no message line).
void classify(ProgResult &P);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_VERIFIERLOGCLASSIFIER_H
