//===- BuiltinDB.cpp - The helper database compiled into the binary -------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// helper-db/data/*.json are parsed, validated and merged in file-name order
// at build time by helperguard-db-emit, which writes BuiltinTables.inc: C++
// that rebuilds the database without parsing anything at run time. A
// malformed file fails the build.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include <utility>

namespace helperguard {

namespace {

HelperDB loadBuiltin() {
  HelperDB DB;
#include "BuiltinTables.inc"
  return DB;
}

} // namespace

const HelperDB &HelperDB::builtin() {
  static const HelperDB DB = loadBuiltin();
  return DB;
}

} // namespace helperguard
