//===- WarningGroup.cpp - The plugin's own warning groups -----------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "WarningGroup.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticLex.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

using namespace clang;
using namespace helperguard;

namespace {

using Events = std::vector<WarningGroup::Event>;

/// The severity a "#pragma clang diagnostic" (or "GCC diagnostic", or the
/// _Pragma form) starting at Loc gives the group Flag, if it names it.
std::optional<GroupSeverity> pragmaFor(const SourceManager &SM,
                                       SourceLocation Loc, StringRef Flag) {
  Loc = SM.getSpellingLoc(Loc);
  bool Invalid = false;
  StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return std::nullopt;
  StringRef Text = Buffer.substr(SM.getFileOffset(Loc));
  Text = Text.substr(0, Text.find_first_of("\n\r"));
  std::string Words;
  for (char C : Text)
    Words += (C == '"' || C == '\\' || C == '(' || C == ')' || C == '#')
                 ? ' '
                 : C;
  SmallVector<StringRef, 6> W;
  StringRef(Words).split(W, ' ', -1, /*KeepEmpty=*/false);
  if (!W.empty() && (W[0] == "pragma" || W[0] == "_Pragma"))
    W.erase(W.begin());
  if (W.size() < 4 || (W[0] != "clang" && W[0] != "GCC") ||
      W[1] != "diagnostic" || W[3] != Flag)
    return std::nullopt;
  if (W[2] == "ignored")
    return GroupSeverity::Ignored;
  if (W[2] == "warning")
    return GroupSeverity::Warning;
  if (W[2] == "error" || W[2] == "fatal")
    return GroupSeverity::Error;
  return std::nullopt;
}

/// Records one group's pragmas, and push and pop.
class PragmaTracker : public PPCallbacks {
public:
  PragmaTracker(const SourceManager &SM, StringRef Flag,
                std::shared_ptr<Events> Log)
      : SM(SM), Flag(Flag.str()), Log(std::move(Log)) {}
  void PragmaDirective(SourceLocation Loc, PragmaIntroducerKind) override {
    if (std::optional<GroupSeverity> S = pragmaFor(SM, Loc, Flag))
      Log->push_back({Loc, WarningGroup::EventKind::Set, *S});
  }
  void PragmaDiagnosticPush(SourceLocation Loc, StringRef) override {
    Log->push_back({Loc, WarningGroup::EventKind::Push, {}});
  }
  void PragmaDiagnosticPop(SourceLocation Loc, StringRef) override {
    Log->push_back({Loc, WarningGroup::EventKind::Pop, {}});
  }

private:
  const SourceManager &SM;
  std::string Flag;
  std::shared_ptr<Events> Log;
};

/// Stands in front of Clang's diagnostic consumer and drops Clang's
/// "unknown warning group '-Whelperguard', ignored" for each of the
/// plugin's groups (their pragma trackers have understood the pragma). So
/// that -Werror cannot turn the dropped warning into an error nobody sees,
/// hideUnknownGroupWarnings() keeps -Wunknown-warning-option out of -Werror
/// and this filter upgrades the other unknown groups itself.
class PragmaFilter : public DiagnosticConsumer {
public:
  PragmaFilter(DiagnosticConsumer *Next,
               std::unique_ptr<DiagnosticConsumer> Owned,
               std::vector<std::string> Flags, bool UpgradeOthers)
      : Next(Next), Owned(std::move(Owned)), Flags(std::move(Flags)),
        UpgradeOthers(UpgradeOthers) {}

  void BeginSourceFile(const LangOptions &LO, const Preprocessor *PP) override {
    Next->BeginSourceFile(LO, PP);
  }
  void EndSourceFile() override {
    Next->EndSourceFile();
    syncCounts();
  }
  void finish() override {
    Next->finish();
    syncCounts();
  }
  void clear() override {
    Next->clear();
    syncCounts();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Next->IncludeInDiagnosticCounts();
  }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (Info.getID() == diag::warn_pragma_diagnostic_unknown_warning) {
      if (Info.getNumArgs() == 1 &&
          Info.getArgKind(0) == DiagnosticsEngine::ak_std_string &&
          llvm::is_contained(Flags, Info.getArgStdStr(0)))
        return;
      if (UpgradeOthers && Level == DiagnosticsEngine::Warning)
        Level = DiagnosticsEngine::Error;
    }
    Next->HandleDiagnostic(Level, Info);
    syncCounts();
  }

private:
  DiagnosticConsumer *Next;
  std::unique_ptr<DiagnosticConsumer> Owned;
  std::vector<std::string> Flags;
  bool UpgradeOthers;

  /// Clang asks the outermost consumer how many errors there were; with
  /// -verify, that is how many expectations failed.
  void syncCounts() {
    NumErrors = Next->getNumErrors();
    NumWarnings = Next->getNumWarnings();
  }
};

} // namespace

WarningGroup::WarningGroup(StringRef Name, const DiagnosticOptions &Opts)
    : Name(Name.str()), Flag(("-W" + Name).str()),
      Events(std::make_shared<std::vector<Event>>()) {
  const std::string No = "no-" + this->Name, Err = "error=" + this->Name,
                    NoErr = "no-error=" + this->Name;
  bool Enabled = true, AsError = false;
  for (StringRef W : Opts.Warnings) {
    if (W == Name || W == "everything") {
      Enabled = true;
    } else if (W == No || W == "no-everything") {
      Enabled = false;
    } else if (W == Err) {
      Enabled = true;
      AsError = true;
      NoWarningAsError = false;
    } else if (W == NoErr) {
      AsError = false;
      NoWarningAsError = true;
    } else if (W == "error") {
      WarningsAsErrors = true;
    } else if (W == "no-error") {
      WarningsAsErrors = false;
    }
  }
  CommandLine = !Enabled  ? GroupSeverity::Ignored
                : AsError ? GroupSeverity::Error
                          : GroupSeverity::Warning;
  IgnoreWarnings = Opts.IgnoreWarnings;
  ShowOptionName = Opts.ShowOptionNames;
}

void WarningGroup::install(CompilerInstance &CI) {
  CI.getPreprocessor().addPPCallbacks(
      std::make_unique<PragmaTracker>(CI.getSourceManager(), Flag, Events));
}

std::string WarningGroup::tag(GroupSeverity S) const {
  if (!ShowOptionName)
    return "";
  return (S == GroupSeverity::Error ? " [-Werror," : " [") + Flag + "]";
}

void helperguard::hideUnknownGroupWarnings(
    CompilerInstance &CI, ArrayRef<const WarningGroup *> Groups) {
  std::vector<std::string> Flags;
  for (const WarningGroup *G : Groups)
    Flags.push_back(G->flag().str());
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  bool UnknownIsError =
      Diags.getDiagnosticLevel(diag::warn_pragma_diagnostic_unknown_warning,
                               SourceLocation()) >= DiagnosticsEngine::Error;
  if (UnknownIsError)
    Diags.setDiagnosticGroupWarningAsError("unknown-warning-option", false);
  DiagnosticConsumer *Next = Diags.getClient();
  std::unique_ptr<DiagnosticConsumer> Owned;
  if (Diags.ownsClient())
    Owned = Diags.takeClient();
  // The consumer has begun the source file already; the filter forwards
  // only what comes from now on, so begins and ends stay paired.
  Diags.setClient(new PragmaFilter(Next, std::move(Owned), std::move(Flags),
                                   UnknownIsError),
                  /*ShouldOwnClient=*/true);
}

GroupSeverity WarningGroup::severityAt(SourceLocation Loc,
                                       const SourceManager &SM) const {
  std::vector<GroupSeverity> Stack{CommandLine};
  for (const Event &E : *Events) {
    if (Loc.isInvalid() || !SM.isBeforeInTranslationUnit(E.Loc, Loc))
      break;
    switch (E.Kind) {
    case EventKind::Push:
      Stack.push_back(Stack.back());
      break;
    case EventKind::Pop:
      if (Stack.size() > 1)
        Stack.pop_back();
      break;
    case EventKind::Set:
      Stack.back() = E.Severity;
      break;
    }
  }
  GroupSeverity S = Stack.back();
  if (S == GroupSeverity::Warning && WarningsAsErrors && !NoWarningAsError)
    S = GroupSeverity::Error;
  if (S == GroupSeverity::Warning && IgnoreWarnings)
    S = GroupSeverity::Ignored;
  return S;
}
