//===- VerifierLogClassifier.cpp - Key message and category of a reject ---===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The key message is the last message line of the log that matches a
// category's needle, else the last message line; dump lines never count.
//
//===----------------------------------------------------------------------===//

#include "VerifierLogClassifier.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <vector>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

bool isDumpLine(StringRef L) {
  L = L.trim();
  static const char *const DumpPrefixes[] = {";",
                                             "from ",
                                             "processed ",
                                             "verification time",
                                             "stack depth",
                                             "func#",
                                             "last_idx",
                                             "regs=",
                                             "parent didn't",
                                             "mark_precise",
                                             "Validating",
                                             "(empty",
                                             ">>>",
                                             "subprog ",
                                             "Suggestion:",
                                             "-- "};
  if (L.empty() || any_of(DumpPrefixes, [&](const char *P) {
        return compat::startsWith(L, P);
      }))
    return true;
  // "12: (bf) r1 = r6" or "12: R1=ctx() ..."
  size_t I = 0;
  while (I < L.size() && isDigit(L[I]))
    ++I;
  if (I > 0 && I < L.size() && L[I] == ':')
    return true;
  // 7.x source listing: "  7 | (79) r1 = *(u64 *)(r0 +0)"
  if (I > 0 && compat::startsWith(L.substr(I).ltrim(), "|"))
    return true;
  if (L.size() > 2 && (L[0] == 'R' || L[0] == 'r') && isDigit(L[1]) &&
      L.contains("=") && !L.contains(" invalid") && !L.contains("type="))
    return true;
  return false;
}

namespace {

struct Category {
  StringRef Name;
  std::vector<StringRef> Needles;
};

const Category Categories[] = {
    {"nullability", {"map_value_or_null", "_or_null", "possibly NULL"}},
    {"context access",
     {"invalid bpf_context access", "invalid access to context",
      "dereference of modified ctx"}},
    {"map value bounds",
     {"invalid access to map value", "map value is outside"}},
    // A frozen or BPF_F_RDONLY_PROG map (.rodata) written by a helper.
    {"map permission",
     {"write into map forbidden", "read from map forbidden"}},
    {"packet bounds", {"invalid access to packet", "outside of the packet"}},
    {"complexity",
     {"program is too large", "is too complex", "infinite loop detected",
      "loop is not bounded"}},
    {"stack",
     {"invalid stack", "invalid read from stack", "invalid write to stack",
      "stack depth", "combined stack size", "invalid indirect read from stack",
      "stack out of bounds"}},
    {"helper argument",
     {"expected=", "arg#", "unknown func", "cannot pass", "helper call",
      "R1 type=", "R2 type=", "R3 type=", "R4 type=", "R5 type=",
      "program of this type cannot use helper", "invalid zero-sized read",
      "unbounded memory access", "invalid indirect access"}},
    {"return value",
     {"At program exit", "should have been in", "R0 !read_ok", "R0 has value",
      "R0 has smin"}},
};

} // namespace

void classify(ProgResult &P) {
  // The key message: the last non-dump line that matches a category, else
  // the last non-dump line.
  std::string Last;
  for (auto It = P.Log.rbegin(); It != P.Log.rend(); ++It) {
    StringRef L = StringRef(*It).trim();
    if (isDumpLine(L))
      continue;
    if (Last.empty())
      Last = L.str();
    for (const Category &C : Categories)
      for (StringRef N : C.Needles)
        if (L.contains(N)) {
          P.KeyMessage = L.str();
          P.Category = C.Name.str();
          return;
        }
  }
  P.KeyMessage = Last.empty() ? P.LoadError : Last;
  P.Category = "other";
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
