//===- ProbeCommand.cpp - "helperguard probe" -----------------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard probe [ARGS...]
//
// Runs helperguard-probe (tools/probe, docs/probe.md), the static program
// that probes whether the running kernel keeps stale knowledge after the
// helpers that write a buffer. It is looked up beside this executable first
// (the build tree's bin/, an install's bin/, a Debian package's
// /usr/lib/llvm-<major>/bin), then on PATH. The arguments are passed as they
// are and its exit status is returned: 0 not affected, 1 affected, 2 could
// not probe.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

constexpr StringLiteral ProbeName = "helperguard-probe";

/// The probe beside this executable, else on PATH; empty when neither.
std::string findProbe() {
  std::string Self = sys::fs::getMainExecutable(
      "helperguard", reinterpret_cast<void *>(&runProbeCommand));
  if (!Self.empty()) {
    SmallString<256> Beside(sys::path::parent_path(Self));
    sys::path::append(Beside, ProbeName);
    if (sys::fs::can_execute(Beside))
      return std::string(Beside.str());
  }
  if (auto OnPath = sys::findProgramByName(ProbeName))
    return *OnPath;
  return "";
}

} // namespace

int runProbeCommand(ArrayRef<StringRef> Args) {
  std::string Probe = findProbe();
  if (Probe.empty()) {
    errs() << "helperguard: error: " << ProbeName
           << " not found beside this helperguard or on PATH (build it: "
              "cmake --build build --target helperguard-probe; it is "
              "installed with helperguard)\n";
    return ExitUsage;
  }
  std::vector<StringRef> Argv{Probe};
  for (StringRef A : Args)
    Argv.push_back(A);
  std::string Err;
  int RC = sys::ExecuteAndWait(Probe, Argv, compat::None, {}, 0, 0, &Err);
  if (RC < 0) {
    errs() << "helperguard: error: " << Probe
           << (RC == -2 ? " crashed" : " could not be run")
           << (Err.empty() ? "" : ": " + Err) << "\n";
    return ExitUsage;
  }
  return RC;
}

} // namespace tool
} // namespace helperguard
