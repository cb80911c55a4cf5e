//===- MatrixMerge.cpp - "helperguard matrix merge" -----------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A kernel is identified by its Debian version (its spec when it was not
// resolved), as in --compare.
//
//===----------------------------------------------------------------------===//

#include "MatrixMerge.h"
#include "../ToolSupport.h"
#include "GuestRun.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

const char MergeHelp[] =
    R"(usage: helperguard matrix merge A.json B.json...

Prints, as JSON, the result of one matrix run made of the --json results of
its --shard runs (or of any runs over other kernels or objects), in the
order given: kernels in order of first appearance, a kernel's programs
joined, its boot seconds added, a failed boot or fetch kept. A program of a
kernel that two inputs both have is an error.

Exit status: 0; 2 when an input is missing, not a matrix result, or
overlaps another.
)";

std::string kernelKey(const json::Object &K) {
  StringRef V = compat::toStd(K.getString("version")).value_or("");
  return (V.empty() ? compat::toStd(K.getString("spec")).value_or("") : V)
      .str();
}

int rank(StringRef Status) {
  return Status == "ok" ? 0 : Status == "unavailable" ? 1 : 2;
}

} // namespace

int runMatrixMerge(ArrayRef<StringRef> Args) {
  Expected<ParsedArgs> P = parseArgs(Args, {}, {"help"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard matrix merge --help')");
  if (P->has("help")) {
    outs() << MergeHelp;
    return ExitOK;
  }
  if (P->Positional.empty()) {
    errs() << MergeHelp;
    return ExitUsage;
  }

  json::Array Kernels;
  std::vector<std::string> Keys;
  std::set<std::tuple<std::string, std::string, std::string>> Seen;
  for (const std::string &File : P->Positional) {
    if (!sys::fs::exists(File))
      return usageError("'" + File + "' does not exist");
    Expected<json::Value> V = json::parse(readFile(File));
    if (!V)
      return usageError("'" + File +
                        "' is not valid JSON: " + toString(V.takeError()));
    const json::Object *Top = V->getAsObject();
    const json::Array *Ks = Top ? Top->getArray("kernels") : nullptr;
    if (!Ks)
      return usageError("'" + File +
                        "' is not a 'helperguard matrix --json' result (no "
                        "\"kernels\" array)");
    for (const json::Value &KV : *Ks) {
      const json::Object *K = KV.getAsObject();
      const json::Array *Progs = K ? K->getArray("programs") : nullptr;
      std::string Key = K ? kernelKey(*K) : "";
      if (!Progs || Key.empty())
        return usageError("'" + File +
                          "' has a kernel without a version, spec or "
                          "\"programs\"");
      for (const json::Value &PV : *Progs) {
        const json::Object *PO = PV.getAsObject();
        std::string
            Obj = PO ? compat::toStd(PO->getString("object")).value_or("").str()
                     : "",
            Prog =
                PO ? compat::toStd(PO->getString("program")).value_or("").str()
                   : "";
        if (!Seen.insert({Key, Obj, Prog}).second)
          return usageError("'" + File + "': kernel " + Key + ", " + Obj + ":" +
                            Prog + " is in an earlier input too");
      }
      auto It = find(Keys, Key);
      if (It == Keys.end()) {
        Keys.push_back(Key);
        Kernels.push_back(json::Object(*K));
        continue;
      }
      json::Object &M = *Kernels[It - Keys.begin()].getAsObject();
      json::Array &MP = *M.getArray("programs");
      for (const json::Value &PV : *Progs)
        MP.push_back(PV);
      M["seconds"] = compat::toStd(M.getNumber("seconds")).value_or(0) +
                     compat::toStd(K->getNumber("seconds")).value_or(0);
      for (StringRef F : {"release", "proc_version", "accel", "image"})
        if (compat::toStd(M.getString(F)).value_or("").empty() && K->get(F))
          M[F] = *K->get(F);
      StringRef MS = compat::toStd(M.getString("status")).value_or("ok"),
                KS = compat::toStd(K->getString("status")).value_or("ok");
      if (rank(KS) > rank(MS))
        for (StringRef F : {"status", "error", "console_tail"})
          if (const json::Value *X = K->get(F))
            M[F] = *X;
    }
  }
  printJson(json::Object{{"kernels", std::move(Kernels)}});
  return ExitOK;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
