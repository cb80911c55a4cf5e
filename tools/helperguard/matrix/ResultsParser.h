//===- ResultsParser.h - The guest's results.log as results ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what the lines the guest loader wrote (test/kernel/loader.c, one
// "OBJ=<i> <KIND> <program> key=value..." line per fact, prefixed by the
// guest script) say about each program: loaded or not, the verifier's
// statistics, xlated length, branches, run-time results. Rejected programs
// are handed to the verifier-log classifier.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_RESULTSPARSER_H
#define HELPERGUARD_TOOLS_MATRIX_RESULTSPARSER_H

#include "MatrixTypes.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// The lines of Text, without their line ends; empty lines dropped.
std::vector<std::string> lines(llvm::StringRef Text);

/// The value of "key=value" in a space-separated line, or "".
std::string field(llvm::StringRef Line, llvm::StringRef Key);

/// S as an unsigned decimal number, or nothing.
std::optional<uint64_t> num(llvm::StringRef S);

/// Adds to K what the guest's results.log (Text) says: the kernel's release
/// and /proc/version, and one ProgResult per program.
void parseResults(KernelResult &K, llvm::StringRef Text);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_RESULTSPARSER_H
