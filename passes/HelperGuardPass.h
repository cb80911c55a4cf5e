//===- HelperGuardPass.h - Guard BPF helper calls the verifier misjudges --===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// From Linux 6.14 to the prototype fixes (6.19, stable backports), several
// helpers that write a buffer are declared as only reading it. The verifier
// then keeps what it knew about a stack buffer across the call, folds later
// reads to the old bytes and deletes code it believes dead. This pass finds
// every such call on the kernels the user targets (HazardAnalysis) and makes
// the verifier forget the bytes (GuardRewriter), or warns.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_HELPERGUARDPASS_H
#define HELPERGUARD_PASSES_HELPERGUARDPASS_H

#include "llvm/IR/PassManager.h"

namespace helperguard {

class HelperGuardPass : public llvm::PassInfoMixin<HelperGuardPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// Runs at -O0 and on optnone functions too: it is a correctness fix.
  static bool isRequired() { return true; }
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_HELPERGUARDPASS_H
