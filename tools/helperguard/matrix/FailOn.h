//===- FailOn.h - The --fail-on conditions of matrix --compare --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides the CI gate of "helperguard matrix --compare": the grammar of
// --fail-on and whether a row meets a condition.
//
//   LIST      := TERM (',' TERM)*
//   TERM      := reject-flip | accept-flip | flip | missing
//              | METRIC ('+' | '-') NUMBER ['%']
//   METRIC    := insns | states | peak-states | stack | xlated | removed
//
// reject-flip: accepted in BASE, rejected in NEW; accept-flip: the reverse;
// flip: either; missing: a program of BASE has no result in NEW.
// METRIC+N holds when NEW - BASE > N for a program loaded on both sides,
// METRIC+N% when NEW - BASE > N% of BASE (any growth from 0);
// METRIC-N and METRIC-N% the same for decreases.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_FAILON_H
#define HELPERGUARD_TOOLS_MATRIX_FAILON_H

#include "CompareRows.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// One term of --fail-on.
struct Condition {
  std::string Text;
  enum { RejectFlip, AcceptFlip, AnyFlip, Missing, Grows, Shrinks } Kind;
  Metric M = Insns;
  double Limit = 0;
  bool Percent = false;

  /// The reason this row meets the condition, or "".
  std::string heldBy(const Row &R) const;
};

/// The conditions of Spec (the value of --fail-on); an error names the bad
/// term and the grammar.
llvm::Expected<std::vector<Condition>> parseFailOn(llvm::StringRef Spec);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_FAILON_H
