//===- Options.h - Command-line options of the helperguard pass -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The -bpf-helperguard-* options (given to clang with -mllvm). No option name
// may start with 'h': clang reads an unregistered "-mllvm -h..." as -help.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_OPTIONS_H
#define HELPERGUARD_PASSES_OPTIONS_H

#include "helperguard/HelperDB.h"
#include "helperguard/KernelVersion.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace helperguard {

enum class GuardMode { Fix, Warn, Off };

/// Where the guard makes the verifier forget the bytes.
enum class Placement {
  Auto,  ///< Init where every initialisation can be rewritten, else Reload.
  Init,  ///< Rewrite the initialisations so they store opaque values.
  Reload ///< After the call: reload each read word, add zero, store it back.
};

/// How the guard makes a zero the verifier cannot see through.
enum class ZeroSource {
  Auto,    ///< PtrDiff where every program type implies CAP_PERFMON.
  PtrDiff, ///< "r = r10; r -= r10": needs allow_ptr_leaks (CAP_PERFMON).
  Global   ///< a load from a writable .bss global: any privilege.
};

struct GuardStrategy {
  Placement Place = Placement::Auto;
  ZeroSource Zero = ZeroSource::Auto;
  std::string str() const;
};

/// The options, parsed and validated.
struct GuardConfig {
  GuardMode Mode = GuardMode::Fix;
  KernelSet Kernels;           ///< the kernels to protect
  std::string KernelsText;     ///< as given, for messages
  /// Releases (`uname -r`) the selection names that no measurement covers:
  /// guarded as every kernel (Kernels holds `all`).
  std::vector<std::string> UnmeasuredReleases;
  GuardStrategy Strategy;
  std::string ReportPath;      ///< empty: no report
  std::shared_ptr<const HelperDB> DB;
};

/// Reads the -bpf-helperguard-* options. Errors name the option and the bad
/// value, or the database file and line.
llvm::Expected<GuardConfig> readGuardConfig();

/// Parses "auto", "init-ptrdiff", "init-global", "reload-ptrdiff",
/// "reload-global", "init", "reload", "ptrdiff", "global".
llvm::Expected<GuardStrategy> parseStrategy(llvm::StringRef S);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_OPTIONS_H
