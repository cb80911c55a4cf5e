//===- PluginOptions.h - -fplugin-arg-helperguard-* arguments ---*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The Clang plugin's arguments, validated with the helper database library,
// and handed to the pass plugin in the same cc1 process by setting its
// -bpf-helperguard-* options (so a build needs no -mllvm):
//
//   -fplugin-arg-helperguard-kernels=6.14-6.18   -bpf-helperguard-kernels=
//   -fplugin-arg-helperguard-mode=fix|warn|off   -bpf-helperguard-mode=
//   -fplugin-arg-helperguard-db=FILE             -bpf-helperguard-db=
//   -fplugin-arg-helperguard-report=FILE.json    -bpf-helperguard-report=
//   -fplugin-arg-helperguard-strategy=NAME       -bpf-helperguard-strategy=
//
// and -bpf-helperguard-sink, which makes the pass hand its verdicts to this
// plugin instead of warning itself.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_PLUGINOPTIONS_H
#define HELPERGUARD_CLANGPLUGIN_PLUGINOPTIONS_H

#include "helperguard/HelperDB.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class CompilerInstance;
class DiagnosticsEngine;
} // namespace clang

namespace helperguard {

struct PluginOptions {
  std::optional<std::string> Kernels, Mode, DB, Report, Strategy;
  /// The built-in database merged with DB, for the fix-it decisions.
  std::shared_ptr<const HelperDB> Database;
};

/// Parses the plugin's arguments ("kernels=6.14-6.18", ...). Reports each
/// bad one as a Clang error and returns std::nullopt if there was any.
std::optional<PluginOptions> parsePluginArgs(const std::vector<std::string> &Args,
                                             clang::DiagnosticsEngine &Diags);

/// Whether this compilation runs the LLVM backend on a BPF target, so the
/// pass plugin has to run.
bool compilesBPFCode(const clang::CompilerInstance &CI);

/// Loads the pass plugins named by -fpass-plugin= (clang 19 would load them
/// only at code generation, after the options must be set), and sets the
/// pass's options. Reports a Clang error and returns false if the helperguard
/// pass plugin is not among them.
bool handOptionsToPass(const clang::CompilerInstance &CI,
                       const PluginOptions &O);

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_PLUGINOPTIONS_H
