//===- EmitBuiltin.h - Compile a helper database to C++ --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The built-in database is parsed from helper-db/data/*.json at build time,
// not at every compilation: parsing and validating the JSON cost about 2% of
// a clang -O2 run of a BPF program (measured with callgrind by scripts/bench).
// helperguard-db-emit writes the parsed database as constant tables (string
// literals and index slices, in .rodata); BuiltinDB.cpp defines their row
// types, includes them and turns them into a HelperDB on first use.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_EMITBUILTIN_H
#define HELPERGUARD_EMITBUILTIN_H

#include "helperguard/HelperDB.h"

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace helperguard {

/// Writes DB as the constant tables BuiltinDB.cpp reads (NumX and X[] for
/// each row type), in a deterministic order.
void emitBuiltinCpp(const HelperDB &DB, llvm::raw_ostream &OS);

} // namespace helperguard

#endif // HELPERGUARD_EMITBUILTIN_H
