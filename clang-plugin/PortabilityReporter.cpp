//===- PortabilityReporter.cpp - Refused helper calls as warnings ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "PortabilityReporter.h"

#include "HelperCallFinder.h"
#include "PassFindings.h"

#include "helperguard/LLVMCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/JSON.h"

#include <set>
#include <string>
#include <utility>

using namespace clang;
using namespace llvm;
using namespace helperguard;

unsigned helperguard::reportPortability(const json::Array &Findings,
                                        ASTContext &Ctx,
                                        DiagnosticsEngine &Diags,
                                        const WarningGroup &Group) {
  SourceManager &SM = Ctx.getSourceManager();
  HelperCallFinder Finder(Ctx);
  unsigned WarnID = Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0");
  unsigned ErrorID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  // A call the backend duplicated (an inlined function, an unrolled loop)
  // is one call in the source: one warning.
  std::set<std::pair<SourceLocation, std::string>> Given;
  unsigned N = 0;
  for (const json::Value &V : Findings) {
    const json::Object *F = V.getAsObject();
    if (!F)
      continue;
    unsigned Id =
        unsigned(compat::toStd(F->getInteger("helper_id")).value_or(0));
    DebugPosition Pos = positionOf(F->get("call"));
    const CallExpr *Call = Finder.findCall(Pos, Id);
    SourceLocation Loc = Call ? Call->getExprLoc() : Finder.locationOf(Pos);
    GroupSeverity Sev = Group.severityAt(Loc, SM);
    if (Sev == GroupSeverity::Ignored)
      continue;
    std::string Msg =
        compat::toStd(F->getString("problem")).value_or("").str() +
        ": the program does not load there (" +
        compat::toStd(F->getString("fix")).value_or("").str() +
        ", or narrow -fplugin-arg-helperguard-kernels=)";
    if (!Given.insert({Loc, Msg}).second)
      continue;
    DiagnosticBuilder D =
        Diags.Report(Loc, Sev == GroupSeverity::Error ? ErrorID : WarnID);
    D << Msg + Group.tag(Sev);
    if (Call)
      D << CharSourceRange::getTokenRange(Call->getSourceRange());
    ++N;
  }
  return N;
}
