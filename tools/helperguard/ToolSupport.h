//===- ToolSupport.h - Shared helpers of the helperguard tool ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Exit codes, error reporting, option scanning and database loading shared
// by the subcommands.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_TOOLSUPPORT_H
#define HELPERGUARD_TOOLS_TOOLSUPPORT_H

#include "helperguard/HelperDB.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"

#include <map>
#include <string>
#include <vector>

namespace helperguard {
namespace tool {

enum ExitCode : int {
  ExitOK = 0,
  ExitUsage = 2, // bad arguments, unknown names, unreadable or bad data
};

/// Prints "helperguard: error: <Msg>" to stderr and returns ExitUsage.
int usageError(const llvm::Twine &Msg);

/// The arguments of a subcommand, split into options and positionals.
/// Options are "--name", "--name VALUE" or "--name=VALUE"; "--" ends them.
struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> Values; // valued options
  std::vector<std::string> Flags;                         // flag options
  std::vector<std::string> Positional;

  bool has(llvm::StringRef Flag) const;
  /// The last value of option Name, or an empty string.
  std::string value(llvm::StringRef Name) const;
  const std::vector<std::string> &values(llvm::StringRef Name) const;
};

/// Splits Args. ValuedOptions and FlagOptions list the accepted names
/// without dashes. Unknown options and missing values are errors.
llvm::Expected<ParsedArgs>
parseArgs(llvm::ArrayRef<llvm::StringRef> Args,
          llvm::ArrayRef<llvm::StringRef> ValuedOptions,
          llvm::ArrayRef<llvm::StringRef> FlagOptions);

/// The builtin database with every --db file merged in, in order.
llvm::Expected<HelperDB> loadDatabase(const std::vector<std::string> &Files);

/// Prints V indented by two spaces, with a final newline, to stdout.
void printJson(const llvm::json::Value &V);

/// The source tree whose scripts (scripts/kbench, helper-db/extractors) the
/// tool runs: $HELPERGUARD_SOURCE_DIR, else the tree it was built from.
std::string sourceDir();

} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_TOOLSUPPORT_H
