//===- WarningGroup.h - The plugin's own warning groups ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Clang has no way for a plugin to add a warning group: diag::Group is a
// closed enum (clang 22's custom diagnostics may name one of Clang's own
// groups, clang 19's cannot name any), and Clang reports an unknown -W name
// before any plugin is loaded. So the plugin works out the severity of each
// of its groups (-Whelperguard, the miscompile warning, and
// -Whelperguard-portability, the helper a targeted kernel refuses) itself,
// the way Clang would, each group independently of the other:
//   - from the command line: -W<group>, -Wno-<group>, -Werror=<group>,
//     -Wno-error=<group>, -Werror, -Wno-error, -Weverything,
//     -Wno-everything and -w, in order;
//   - from "#pragma clang diagnostic ignored|warning|error|fatal
//     \"-W<group>\"" (and GCC's spelling) with push and pop, by source
//     position. Clang's own "unknown warning group '-W<group>'" warning for
//     those pragmas is filtered out (hideUnknownGroupWarnings).
// Clang still warns "unknown warning option '-Wno-helperguard'"
// (-Wunknown-warning-option) for the command-line spellings: it does so
// before loading plugins.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H
#define HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class DiagnosticOptions;
class SourceManager;
} // namespace clang

namespace helperguard {

enum class GroupSeverity { Ignored, Warning, Error };

class WarningGroup {
public:
  /// The group -W<Name> ("helperguard", "helperguard-portability"), as the
  /// command line sets it. Call install() before parsing starts.
  WarningGroup(llvm::StringRef Name, const clang::DiagnosticOptions &Opts);

  /// "-W<Name>".
  llvm::StringRef flag() const { return Flag; }

  /// Tracks the group's pragmas in the translation unit CI is about to
  /// parse.
  void install(clang::CompilerInstance &CI);

  /// The severity of the group's diagnostic at Loc.
  GroupSeverity severityAt(clang::SourceLocation Loc,
                           const clang::SourceManager &SM) const;

  /// What ends a message of severity S: " [-W<Name>]",
  /// " [-Werror,-W<Name>]", or nothing (-fno-diagnostics-show-option).
  std::string tag(GroupSeverity S) const;

  enum class EventKind { Push, Pop, Set };
  struct Event {
    clang::SourceLocation Loc;
    EventKind Kind;
    GroupSeverity Severity; ///< for Set
  };

private:
  std::string Name, Flag;
  GroupSeverity CommandLine = GroupSeverity::Warning;
  bool WarningsAsErrors = false; ///< -Werror
  bool NoWarningAsError = false; ///< -Wno-error=<Name>
  bool IgnoreWarnings = false;   ///< -w
  bool ShowOptionName = true;
  /// Pragma events in translation-unit order, shared with the
  /// preprocessor callbacks and the diagnostic filter that record them.
  std::shared_ptr<std::vector<Event>> Events;
};

/// Drops Clang's "unknown warning group '-W<group>', ignored" for the
/// pragmas of Groups (the groups' trackers understand them). Call once per
/// translation unit, before parsing starts.
void hideUnknownGroupWarnings(clang::CompilerInstance &CI,
                              llvm::ArrayRef<const WarningGroup *> Groups);

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H
