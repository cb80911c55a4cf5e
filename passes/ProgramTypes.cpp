//===- ProgramTypes.cpp - Program types that reach each function ----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "ProgramTypes.h"

#include "HelperCalls.h"

#include "helperguard/ProgramType.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

#include <algorithm>

using namespace llvm;
using namespace helperguard;

namespace {
/// Is F a program entry: a defined function in a section of its own? libbpf
/// treats every function outside .text in an executable section as one.
bool isProgramSection(StringRef Sec) {
  return !Sec.empty() && Sec != ".text" && !compat::startsWith(Sec, ".") &&
         Sec != "license" && Sec != "version" && Sec != "maps";
}
} // namespace

ProgramTypes::ProgramTypes(const Module &M) {
  SmallVector<std::pair<const Function *, std::string>, 16> Work;
  for (const Function &F : M) {
    if (F.isDeclaration() || !F.hasSection() ||
        !isProgramSection(F.getSection()))
      continue;
    if (std::optional<StringRef> T = progTypeForSection(F.getSection()))
      Work.push_back({&F, T->str()});
    else
      UnknownSections.push_back(&F);
  }
  // Propagate each program's type down the direct call graph, and to the
  // callbacks its helper calls pass (bpf_loop and the like).
  while (!Work.empty()) {
    auto [F, T] = Work.pop_back_val();
    std::vector<std::string> &Ts = Types[F];
    if (is_contained(Ts, T))
      continue;
    Ts.insert(std::upper_bound(Ts.begin(), Ts.end(), T), T);
    for (const Instruction &I : instructions(*F))
      if (const auto *CB = dyn_cast<CallBase>(&I)) {
        if (const Function *Callee = CB->getCalledFunction())
          if (!Callee->isDeclaration())
            Work.push_back({Callee, T});
        if (const Function *Callback = getCallbackFunction(*CB))
          Work.push_back({Callback, T});
      }
  }
}

const std::vector<std::string> &
ProgramTypes::typesOf(const Function &F) const {
  auto It = Types.find(&F);
  return It == Types.end() ? None : It->second;
}

bool ProgramTypes::impliesPerfmon(const Function &F) const {
  const std::vector<std::string> &Ts = typesOf(F);
  return !Ts.empty() &&
         all_of(Ts, [](const std::string &T) { return progTypeImpliesPerfmon(T); });
}

std::string ProgramTypes::describe(const Function &F) const {
  const std::vector<std::string> &Ts = typesOf(F);
  if (Ts.empty())
    return "unknown program type";
  std::string S;
  for (const std::string &T : Ts)
    S += (S.empty() ? "" : ", ") + T;
  return S;
}
