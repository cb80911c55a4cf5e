//===- HelperCallFinder.cpp - BPF helper calls in the AST -----------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "HelperCallFinder.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace helperguard;

/// The integer value of E, an integer constant expression.
static std::optional<unsigned> integerValue(const Expr *E,
                                            const ASTContext &Ctx) {
  E = E->IgnoreParenCasts();
  if (!E->getType()->isIntegerType() || E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx) || R.Val.getInt().isNegative() ||
      R.Val.getInt().getActiveBits() > 32)
    return std::nullopt;
  return unsigned(R.Val.getInt().getZExtValue());
}

std::optional<unsigned> helperguard::helperIdOfCall(const CallExpr &CE,
                                                    const ASTContext &Ctx) {
  const Expr *Callee = CE.getCallee();
  if (!Callee)
    return std::nullopt;
  Callee = Callee->IgnoreParenCasts();
  // ((long (*)(void *, __u32))147)(...)
  if (std::optional<unsigned> Id = integerValue(Callee, Ctx))
    return Id;
  // static long (* const bpf_d_path)(...) = (void *) 147;
  const auto *DRE = dyn_cast<DeclRefExpr>(Callee);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->getType().isConstQualified() ||
      !VD->getType()->isFunctionPointerType())
    return std::nullopt;
  const VarDecl *Def = VD->getDefinition();
  const Expr *Init = Def ? Def->getInit() : VD->getInit();
  if (!Init)
    return std::nullopt;
  return integerValue(Init, Ctx);
}

namespace {
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &Ctx,
            std::vector<std::pair<const CallExpr *, unsigned>> &Calls,
            std::vector<const VarDecl *> &Vars)
      : Ctx(Ctx), Calls(Calls), Vars(Vars) {}
  bool VisitCallExpr(CallExpr *CE) {
    if (std::optional<unsigned> Id = helperIdOfCall(*CE, Ctx))
      Calls.push_back({CE, *Id});
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->isLocalVarDeclOrParm())
      Vars.push_back(VD);
    return true;
  }

private:
  ASTContext &Ctx;
  std::vector<std::pair<const CallExpr *, unsigned>> &Calls;
  std::vector<const VarDecl *> &Vars;
};
} // namespace

HelperCallFinder::HelperCallFinder(ASTContext &Ctx) : Ctx(Ctx) {
  Collector(Ctx, Calls, Vars).TraverseDecl(Ctx.getTranslationUnitDecl());
}

HelperCallFinder::Located HelperCallFinder::where(SourceLocation Loc) const {
  const SourceManager &SM = Ctx.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (P.isInvalid())
    return {"", 0, 0};
  return {P.getFilename(), P.getLine(), P.getColumn()};
}

int HelperCallFinder::fileMatch(const DebugPosition &P, llvm::StringRef File) {
  if (File == P.File)
    return 2;
  llvm::SmallString<256> Full(P.Dir);
  llvm::sys::path::append(Full, P.File);
  if (!P.Dir.empty() && File == Full)
    return 2;
  return llvm::sys::path::filename(File) == llvm::sys::path::filename(P.File)
             ? 1
             : 0;
}

const CallExpr *HelperCallFinder::findCall(const DebugPosition &P,
                                           unsigned Id) const {
  const CallExpr *Best = nullptr;
  int BestScore = 0;
  for (const auto &[CE, CallId] : Calls) {
    if (CallId != Id)
      continue;
    // Clang's debug locations of a call: its expression location, or the
    // start of the expression.
    for (SourceLocation L : {CE->getExprLoc(), CE->getBeginLoc()}) {
      Located W = where(L);
      if (W.Line != P.Line)
        continue;
      int Score = fileMatch(P, W.File) * 4;
      if (!Score)
        continue;
      if (W.Column == P.Column)
        Score += 2;
      if (Score > BestScore) {
        Best = CE;
        BestScore = Score;
      }
    }
  }
  return Best;
}

const VarDecl *HelperCallFinder::findVariable(const DebugPosition &P,
                                              llvm::StringRef Name) const {
  const VarDecl *Best = nullptr;
  int BestScore = 0;
  for (const VarDecl *VD : Vars) {
    if (VD->getName() != Name)
      continue;
    Located W = where(VD->getLocation());
    if (W.Line != P.Line)
      continue;
    if (int Score = fileMatch(P, W.File); Score > BestScore) {
      Best = VD;
      BestScore = Score;
    }
  }
  return Best;
}

const VarDecl *HelperCallFinder::pointee(const Expr *E) {
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_AddrOf)
        return nullptr;
      E = UO->getSubExpr();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (!BO->isAdditiveOp())
        return nullptr;
      E = BO->getLHS()->getType()->isPointerType() ? BO->getLHS()
                                                   : BO->getRHS();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

SourceLocation HelperCallFinder::locationOf(const DebugPosition &P) const {
  if (!P.Line)
    return SourceLocation();
  SourceManager &SM = Ctx.getSourceManager();
  FileManager &FM = SM.getFileManager();
  llvm::SmallString<256> Path(P.File);
  if (!llvm::sys::path::is_absolute(Path) && !P.Dir.empty()) {
    Path = P.Dir;
    llvm::sys::path::append(Path, P.File);
  }
  auto FE = FM.getOptionalFileRef(Path);
  if (!FE)
    FE = FM.getOptionalFileRef(P.File);
  if (!FE)
    return SourceLocation();
  return SM.translateFileLineCol(&FE->getFileEntry(), P.Line,
                                 P.Column ? P.Column : 1);
}
