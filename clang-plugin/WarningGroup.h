//===- WarningGroup.h - The -Whelperguard warning group ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Clang has no way for a plugin to add a warning group: diag::Group is a
// closed enum (clang 22's custom diagnostics may name one of Clang's own
// groups, clang 19's cannot name any), and Clang reports an unknown -W name
// before any plugin is loaded. So the plugin works out the severity of
// -Whelperguard itself, the way Clang would:
//   - from the command line: -Whelperguard, -Wno-helperguard,
//     -Werror=helperguard, -Wno-error=helperguard, -Werror, -Wno-error,
//     -Weverything, -Wno-everything and -w, in order;
//   - from "#pragma clang diagnostic ignored|warning|error|fatal
//     \"-Whelperguard\"" (and GCC's spelling) with push and pop, by source
//     position. Clang's own "unknown warning group '-Whelperguard'" warning
//     for those pragmas is filtered out.
// Clang still warns "unknown warning option '-Wno-helperguard'"
// (-Wunknown-warning-option) for the command-line spellings: it does so
// before loading plugins.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H
#define HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H

#include "clang/Basic/SourceLocation.h"

#include <memory>
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
  /// Reads the command line. Call install() before parsing starts.
  explicit WarningGroup(const clang::DiagnosticOptions &Opts);

  /// Tracks the pragmas of the translation unit CI is about to parse.
  void install(clang::CompilerInstance &CI);

  /// The severity of a -Whelperguard diagnostic at Loc.
  GroupSeverity severityAt(clang::SourceLocation Loc,
                           const clang::SourceManager &SM) const;

  /// Whether to print the option name ("[-Whelperguard]").
  bool showOptionName() const { return ShowOptionName; }

  enum class EventKind { Push, Pop, Set };
  struct Event {
    clang::SourceLocation Loc;
    EventKind Kind;
    GroupSeverity Severity; ///< for Set
  };

private:
  GroupSeverity CommandLine = GroupSeverity::Warning;
  bool WarningsAsErrors = false; ///< -Werror
  bool NoWarningAsError = false; ///< -Wno-error=helperguard
  bool IgnoreWarnings = false;   ///< -w
  bool ShowOptionName = true;
  /// Pragma events in translation-unit order, shared with the
  /// preprocessor callbacks and the diagnostic filter that record them.
  std::shared_ptr<std::vector<Event>> Events;
};

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_WARNINGGROUP_H
