//===- SiteReporter.cpp - The pass's verdicts as Clang diagnostics --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "SiteReporter.h"

#include "HelperCallFinder.h"
#include "PassFindings.h"

#include "helperguard/ProgramType.h"

#include "helperguard/LLVMCompat.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/JSON.h"

using namespace clang;
using namespace llvm;
using namespace helperguard;

namespace {

std::vector<DebugPosition> positionsOf(const json::Array *A) {
  std::vector<DebugPosition> Out;
  if (A)
    for (const json::Value &V : *A)
      Out.push_back(positionOf(&V));
  return Out;
}

std::vector<std::string> splitList(StringRef S) {
  SmallVector<StringRef, 4> Parts;
  S.split(Parts, ",", -1, false);
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    Out.push_back(P.trim().str());
  return Out;
}

struct Buffer {
  std::string Name;            ///< from the debug records, or the AST
  unsigned ArgNo = 0;          ///< 1-based helper argument
  const VarDecl *Var = nullptr;
  std::vector<DebugPosition> Inits, Reads;
  bool InitDeadAfterCall = false;
  std::optional<FixItHint> RemoveInit;
};

class Reporter {
public:
  Reporter(ASTContext &Ctx, DiagnosticsEngine &Diags, const WarningGroup &G,
           const PluginOptions &O)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Diags(Diags), Group(G),
        Opts(O), Finder(Ctx) {
    WarnID = Diags.getCustomDiagID(DiagnosticsEngine::Warning, "%0");
    ErrorID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    NoteID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
  }

  /// Reports S if it is hazardous; returns whether it is.
  bool report(const json::Object &S);

private:
  ASTContext &Ctx;
  SourceManager &SM;
  DiagnosticsEngine &Diags;
  const WarningGroup &Group;
  const PluginOptions &Opts;
  HelperCallFinder Finder;
  unsigned WarnID, ErrorID, NoteID;

  void note(SourceLocation Loc, const Twine &Msg,
            std::optional<SourceRange> Range = std::nullopt,
            std::optional<FixItHint> Fix = std::nullopt) {
    DiagnosticBuilder B = Diags.Report(Loc, NoteID);
    B << Msg.str();
    if (Range && Range->isValid())
      B << CharSourceRange::getTokenRange(*Range);
    if (Fix)
      B << *Fix;
  }
  std::optional<FixItHint> removeInit(const json::Object &S, const Buffer &B);
  bool helperAlwaysOverwrites(const json::Object &S, const Buffer &B) const;
};

/// Whether, per the database, the helper writes every byte of the argument
/// and reads none of it, in every program type that reaches the call, and
/// each of those types may pass uninitialised stack (CAP_PERFMON).
bool Reporter::helperAlwaysOverwrites(const json::Object &S,
                                      const Buffer &B) const {
  const Helper *H = Opts.Database->helper(
      unsigned(compat::toStd(S.getInteger("helper_id")).value_or(0)));
  std::vector<std::string> Types =
      splitList(compat::toStd(S.getString("prog_types")).value_or(""));
  if (!H || Types.empty())
    return false;
  for (const std::string &T : Types) {
    if (!progTypeImpliesPerfmon(T))
      return false;
    const Prototype *P = H->protoFor(T);
    const MemArg *A = P ? P->arg(B.ArgNo) : nullptr;
    if (!A || !A->Writes || A->Reads || A->MayWriteLess)
      return false;
  }
  return true;
}

/// Removing "= {}" from "char buf[N] = {};" is equivalent when nothing reads
/// the zeroes before the helper overwrites them all, and safe when the
/// verifier accepts an uninitialised buffer for the helper (CAP_PERFMON
/// program types). Otherwise the pass's guard is the fix.
std::optional<FixItHint> Reporter::removeInit(const json::Object &S,
                                              const Buffer &B) {
  const VarDecl *VD = B.Var;
  if (!B.InitDeadAfterCall || !VD || isa<ParmVarDecl>(VD) || !VD->hasInit() ||
      !helperAlwaysOverwrites(S, B))
    return std::nullopt;
  const Expr *Init = VD->getInit();
  if (VD->getLocation().isMacroID() || Init->getBeginLoc().isMacroID() ||
      Init->getEndLoc().isMacroID())
    return std::nullopt;
  // Every initialisation the pass saw is this initialiser.
  unsigned First = SM.getPresumedLineNumber(VD->getBeginLoc());
  unsigned Last = SM.getPresumedLineNumber(Init->getEndLoc());
  for (const DebugPosition &P : B.Inits)
    if (P.Line < First || P.Line > Last)
      return std::nullopt;
  SourceLocation DeclEnd = VD->getTypeSourceInfo()->getTypeLoc().getEndLoc();
  if (DeclEnd.isInvalid() || SM.isBeforeInTranslationUnit(DeclEnd, VD->getLocation()))
    DeclEnd = VD->getLocation();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation From = Lexer::getLocForEndOfToken(DeclEnd, 0, SM, LO);
  SourceLocation To = Lexer::getLocForEndOfToken(Init->getEndLoc(), 0, SM, LO);
  if (From.isInvalid() || To.isInvalid())
    return std::nullopt;
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(From, To));
}

bool Reporter::report(const json::Object &S) {
  StringRef Decision = compat::toStd(S.getString("decision")).value_or("");
  if (Decision != "guarded" && Decision != "warned" &&
      Decision != "unguardable")
    return false;
  unsigned Id = unsigned(compat::toStd(S.getInteger("helper_id")).value_or(0));
  std::string Helper =
      compat::toStd(S.getString("helper")).value_or("helper").str();
  DebugPosition CallPos = positionOf(S.get("call"));
  const CallExpr *Call = Finder.findCall(CallPos, Id);
  SourceLocation CallLoc =
      Call ? Call->getExprLoc() : Finder.locationOf(CallPos);

  GroupSeverity Sev = Group.severityAt(CallLoc, SM);
  if (Sev == GroupSeverity::Ignored)
    return true;

  std::vector<Buffer> Buffers;
  if (const json::Array *A = S.getArray("buffers")) {
    for (const json::Value &V : *A) {
      const json::Object *O = V.getAsObject();
      if (!O)
        continue;
      Buffer B;
      B.Name = compat::toStd(O->getString("name")).value_or("").str();
      B.ArgNo = unsigned(compat::toStd(O->getInteger("arg")).value_or(0));
      B.Inits = positionsOf(O->getArray("inits"));
      B.Reads = positionsOf(O->getArray("reads"));
      B.InitDeadAfterCall =
          compat::toStd(O->getBoolean("init_dead_after_call")).value_or(false);
      if (!B.Name.empty())
        B.Var = Finder.findVariable(positionOf(O->get("decl")), B.Name);
      if (!B.Var && Call && B.ArgNo && B.ArgNo <= Call->getNumArgs())
        B.Var = HelperCallFinder::pointee(Call->getArg(B.ArgNo - 1));
      if (B.Name.empty() && B.Var)
        B.Name = B.Var->getName().str();
      B.RemoveInit = removeInit(S, B);
      Buffers.push_back(std::move(B));
    }
  }

  std::string Names;
  for (const Buffer &B : Buffers)
    if (!B.Name.empty() && !StringRef(Names).contains("'" + B.Name + "'"))
      Names += (Names.empty() ? "'" : ", '") + B.Name + "'";
  std::string Kernels =
      compat::toStd(S.getString("affected_kernels")).value_or("").str();
  std::string Types =
      compat::toStd(S.getString("prog_types")).value_or("").str();
  std::string Msg = Helper + " writes " +
                    (Names.empty() ? std::string("its buffer") : Names) +
                    ", but on kernels " + Kernels + " (" + Types +
                    ") the verifier keeps believing the old contents and "
                    "may fold the reads that follow";
  if (compat::toStd(S.getBoolean("unsure")).value_or(false))
    Msg += " (assumed: " +
           compat::toStd(S.getString("reason")).value_or("").str() + ")";
  Msg += Group.tag(Sev);
  {
    DiagnosticBuilder D =
        Diags.Report(CallLoc, Sev == GroupSeverity::Error ? ErrorID : WarnID);
    D << Msg;
    if (Call)
      D << CharSourceRange::getTokenRange(Call->getSourceRange());
    // Safe and equivalent (see removeInit), so on the warning itself, where
    // -fixit applies it.
    for (const Buffer &B : Buffers)
      if (B.RemoveInit)
        D << *B.RemoveInit;
  }

  // What the pass did about it.
  if (Decision == "guarded") {
    note(CallLoc,
         "the helperguard pass plugin guards this call in this "
         "build (" +
             compat::toStd(S.getString("technique")).value_or("").str() +
             ", about " +
             Twine(compat::toStd(S.getInteger("insns_added_estimate"))
                       .value_or(0)) +
             " BPF instruction(s) added): the object computes the same "
             "on every kernel");
  } else if (Decision == "warned") {
    note(CallLoc, "nothing was changed (-fplugin-arg-helperguard-mode=warn); "
                  "in fix mode, the default, the helperguard pass plugin "
                  "guards the call automatically");
  } else {
    note(CallLoc, "the helperguard pass plugin could not guard this call: " +
                      compat::toStd(S.getString("reason")).value_or("").str());
  }

  for (const Buffer &B : Buffers) {
    std::string Name = B.Name.empty() ? "the buffer" : "'" + B.Name + "'";
    bool InitIsDecl = false;
    if (B.Var) {
      unsigned DeclLine = SM.getPresumedLineNumber(B.Var->getLocation());
      InitIsDecl = B.Var->hasInit() &&
                   any_of(B.Inits, [&](const DebugPosition &P) {
                     return P.Line == DeclLine;
                   });
      const std::optional<FixItHint> &Fix = B.RemoveInit;
      note(B.Var->getLocation(),
           Name + (InitIsDecl ? " is declared and initialised here" :
                                " is declared here") +
               (Fix ? "; " + Helper + " always overwrites every byte of it "
                      "before it is read, so the initialisation can go"
                    : std::string()),
           B.Var->getSourceRange());
    }
    unsigned Shown = 0;
    for (const DebugPosition &P : B.Inits) {
      if (InitIsDecl &&
          P.Line == SM.getPresumedLineNumber(B.Var->getLocation()))
        continue;
      SourceLocation L = Finder.locationOf(P);
      if (L.isValid() && Shown++ < 3)
        note(L, Name + " gets contents the verifier knows here; it still "
                       "believes them after the call");
    }
    Shown = 0;
    for (const DebugPosition &P : B.Reads) {
      SourceLocation L = Finder.locationOf(P);
      if (L.isInvalid())
        continue;
      if (Shown++ == 3) {
        note(L, "and " + Twine(B.Reads.size() - 3) + " more read(s) of " + Name);
        break;
      }
      note(L, "the verifier may fold this read of " + Name +
                  " to the contents it knew before the call");
    }
  }
  return true;
}

} // namespace

unsigned helperguard::reportSites(const json::Array &Sites, ASTContext &Ctx,
                                  DiagnosticsEngine &Diags,
                                  const WarningGroup &Group,
                                  const PluginOptions &Opts) {
  Reporter R(Ctx, Diags, Group, Opts);
  unsigned N = 0;
  for (const json::Value &V : Sites)
    if (const json::Object *S = V.getAsObject())
      N += R.report(*S);
  return N;
}
