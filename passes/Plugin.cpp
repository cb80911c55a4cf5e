//===- Plugin.cpp - Register helperguard with the new pass manager --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   opt -load-pass-plugin HelperGuard.so -passes=helperguard
//   clang -target bpf -fpass-plugin=HelperGuard.so   (runs at every -O level)
//
//===----------------------------------------------------------------------===//

#include "HelperGuardPass.h"

#define HELPERGUARD_COMPAT_PASS_PLUGIN
#include "helperguard/ForeignLLVMGuard.h"
#include "helperguard/LLVMCompat.h"

using namespace llvm;
using namespace helperguard;

// Loaded into another LLVM's clang or opt: an error, never a crash.
HELPERGUARD_REFUSE_FOREIGN_LLVM("HelperGuard.so")

// Whether the pipeline built so far ends with the guard.
static bool endsWithGuard(ModulePassManager &MPM) {
  std::string Pipeline;
  raw_string_ostream OS(Pipeline);
  MPM.printPipeline(OS, [](StringRef ClassName) { return ClassName; });
  OS.flush();
  StringRef Guard = HelperGuardPass::name();
  return StringRef(Pipeline).take_back(Guard.size()) == Guard;
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "helperguard")
          return false;
        MPM.addPass(HelperGuardPass());
        return true;
      });
  // Last in the optimisation pipeline, so no IR pass undoes the guard; it
  // recognises its own code, so running again (LTO) changes nothing. Once
  // per pipeline: a plugin loaded twice (-fpass-plugin= given twice)
  // registers twice, and a second, idle run would rewrite the report and
  // repeat warn-mode warnings.
  auto AddGuard = [](ModulePassManager &MPM) {
    if (!endsWithGuard(MPM))
      MPM.addPass(HelperGuardPass());
  };
  compat::registerOptimizerLast(PB, AddGuard);
  compat::registerFullLTOLast(PB, AddGuard);
}

extern "C" LLVM_ATTRIBUTE_WEAK LLVM_ATTRIBUTE_VISIBILITY_DEFAULT
PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "helperguard", "0.1.0", registerCallbacks};
}
