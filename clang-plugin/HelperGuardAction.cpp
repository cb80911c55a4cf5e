//===- HelperGuardAction.cpp - The helperguard Clang plugin ---------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   clang -target bpf -O2 -g -fplugin=HelperGuardClang.so
//         -fpass-plugin=HelperGuard.so [-fplugin-arg-helperguard-...] ...
//
// One source of truth: the pass decides, this plugin reports. It runs after
// the main action (code generation, which runs the pass in this process),
// takes the pass's verdicts from its site sink (PassFindings) and reports
// them as Clang diagnostics: the miscompile hazards in -Whelperguard
// (SiteReporter), the calls a targeted kernel refuses in
// -Whelperguard-portability (PortabilityReporter). Before parsing, it
// validates its arguments, hands them to the pass (PluginOptions), starts
// tracking both groups' pragmas (WarningGroup), and makes Clang track source
// locations in the IR even without -g, so every verdict has a position.
//
//===----------------------------------------------------------------------===//

#include "PassFindings.h"
#include "PluginOptions.h"
#include "PortabilityReporter.h"
#include "SiteReporter.h"
#include "WarningGroup.h"

#include "helperguard/ForeignLLVMGuard.h"
#include "helperguard/LLVMCompat.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

using namespace clang;
using namespace helperguard;

// Loaded into another LLVM's clang: an error, never a crash.
HELPERGUARD_REFUSE_FOREIGN_LLVM("HelperGuardClang.so")

namespace {

class ReportConsumer : public ASTConsumer {
public:
  ReportConsumer(CompilerInstance &CI, PluginOptions Opts)
      : CI(CI), Opts(std::move(Opts)),
        Miscompile("helperguard", CI.getDiagnosticOpts()),
        Portability("helperguard-portability", CI.getDiagnosticOpts()) {
    Miscompile.install(CI);
    Portability.install(CI);
    hideUnknownGroupWarnings(CI, {&Miscompile, &Portability});
  }

  /// Runs after code generation's HandleTranslationUnit, which ran the pass.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    std::optional<llvm::json::Value> All = takePassFindings();
    const llvm::json::Object *O = All ? All->getAsObject() : nullptr;
    if (!O)
      return;
    if (const llvm::json::Array *Sites = O->getArray("sites"))
      reportSites(*Sites, Ctx, CI.getDiagnostics(), Miscompile, Opts);
    if (const llvm::json::Array *Findings = O->getArray("portability"))
      reportPortability(*Findings, Ctx, CI.getDiagnostics(), Portability);
  }

private:
  CompilerInstance &CI;
  PluginOptions Opts;
  WarningGroup Miscompile, Portability;
};

class HelperGuardAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    // Never nullptr: Clang puts a plugin's consumer into its
    // MultiplexConsumer unchecked, and a null one crashes it. After an error
    // an inert consumer lets the compilation fail as for any error: exit
    // status 1, no object.
    if (!compilesBPFCode(CI) || !handOptionsToPass(CI, *Opts))
      return std::make_unique<ASTConsumer>();
    discardPassFindings();
    // Source positions for every verdict: like -Rpass without -g, track
    // locations in the IR without emitting debug information.
    if (CI.getCodeGenOpts().getDebugInfo() ==
        compat::codegenoptions::NoDebugInfo)
      CI.getCodeGenOpts().setDebugInfo(compat::codegenoptions::LocTrackingOnly);
    return std::make_unique<ReportConsumer>(CI, std::move(*Opts));
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    Opts = parsePluginArgs(Args, CI.getDiagnostics());
    return Opts.has_value();
  }

  ActionType getActionType() override { return AddAfterMainAction; }

private:
  std::optional<PluginOptions> Opts;
};

} // namespace

static FrontendPluginRegistry::Add<HelperGuardAction>
    X("helperguard", "report BPF helper calls the 6.14-6.18 verifier misjudges");
