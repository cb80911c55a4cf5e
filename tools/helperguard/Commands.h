//===- Commands.h - helperguard subcommands ---------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Every top-level subcommand ("db", later "matrix", "probe") is one entry of
// the table in Main.cpp and one run function defined in its own file. A run
// function gets the arguments after the subcommand name and returns the exit
// status (see ExitCode in ToolSupport.h).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_COMMANDS_H
#define HELPERGUARD_TOOLS_COMMANDS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace helperguard {
class HelperDB;
namespace tool {
struct ParsedArgs;

struct Command {
  llvm::StringLiteral Name;
  llvm::StringLiteral Summary;
  int (*Run)(llvm::ArrayRef<llvm::StringRef> Args);
};

/// "helperguard db ...": query the helper database (DbCommand.cpp).
int runDbCommand(llvm::ArrayRef<llvm::StringRef> Args);

/// "helperguard db extracted ..." and "helperguard db update"
/// (ExtractedCommand.cpp): facts extracted from kernel source trees.
int runDbExtracted(llvm::ArrayRef<llvm::StringRef> Args);
int runDbUpdate(llvm::ArrayRef<llvm::StringRef> Args);

/// "helperguard db merge FILE... -o OUT" (DbReleasesCommand.cpp): the
/// releases of several probe results in one database file.
int runDbMerge(llvm::ArrayRef<llvm::StringRef> Args);
/// "helperguard db releases": the measured kernel builds of the database.
int runDbReleases(const HelperDB &DB, const ParsedArgs &P);
/// "helperguard db availability": per helper, the first measured kernel
/// offering it to each program type (DbAvailabilityCommand.cpp).
int runDbAvailability(const HelperDB &DB, const ParsedArgs &P);

/// "helperguard check OBJ...": hazards in compiled BPF objects
/// (CheckCommand.cpp).
int runCheckCommand(llvm::ArrayRef<llvm::StringRef> Args);

/// "helperguard matrix ...": objects x real kernels under QEMU
/// (MatrixCommand.cpp).
int runMatrixCommand(llvm::ArrayRef<llvm::StringRef> Args);

/// "helperguard probe ...": run helperguard-probe on the running kernel
/// (ProbeCommand.cpp).
int runProbeCommand(llvm::ArrayRef<llvm::StringRef> Args);

} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_COMMANDS_H
