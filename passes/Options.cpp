//===- Options.cpp - Command-line options of the helperguard pass ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "Options.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace helperguard;

static cl::opt<std::string> KernelsOpt(
    "bpf-helperguard-kernels", cl::init("all"),
    cl::desc("helperguard: kernels to protect: 'all' (every kernel the "
             "database knows to be affected), a version (6.17.13), a range "
             "(6.14-6.18), a release as uname -r prints it "
             "(6.12.0-55.el10.x86_64: its probe results, from "
             "-bpf-helperguard-db, else guarded as every kernel), or a "
             "comma-separated list"));

static cl::opt<std::string>
    ModeOpt("bpf-helperguard-mode", cl::init("fix"),
            cl::desc("helperguard: 'fix' guards hazardous helper calls, "
                     "'warn' only warns about them, 'off' does nothing"));

static cl::opt<std::string> DBOpt(
    "bpf-helperguard-db", cl::init(""),
    cl::desc("helperguard: extra helper database file (JSON) that adds to "
             "or overrides the built-in one"));

static cl::opt<std::string> ReportOpt(
    "bpf-helperguard-report", cl::init(""),
    cl::desc("helperguard: write every examined helper call to this JSON "
             "file"));

static cl::opt<std::string> StrategyOpt(
    "bpf-helperguard-strategy", cl::init("auto"),
    cl::desc("helperguard: guard technique: auto, init-ptrdiff, "
             "init-global, reload-ptrdiff, reload-global"));

std::string GuardStrategy::str() const {
  std::string S;
  switch (Place) {
  case Placement::Auto:
    S = "auto";
    break;
  case Placement::Init:
    S = "init";
    break;
  case Placement::Reload:
    S = "reload";
    break;
  }
  switch (Zero) {
  case ZeroSource::Auto:
    break;
  case ZeroSource::PtrDiff:
    S += "-ptrdiff";
    break;
  case ZeroSource::Global:
    S += "-global";
    break;
  }
  return S;
}

namespace {
struct StrategyName {
  const char *Name;
  GuardStrategy Strategy;
};
} // namespace

static const StrategyName StrategyNames[] = {
    {"auto", {Placement::Auto, ZeroSource::Auto}},
    {"init", {Placement::Init, ZeroSource::Auto}},
    {"reload", {Placement::Reload, ZeroSource::Auto}},
    {"ptrdiff", {Placement::Auto, ZeroSource::PtrDiff}},
    {"global", {Placement::Auto, ZeroSource::Global}},
    {"init-ptrdiff", {Placement::Init, ZeroSource::PtrDiff}},
    {"init-global", {Placement::Init, ZeroSource::Global}},
    {"reload-ptrdiff", {Placement::Reload, ZeroSource::PtrDiff}},
    {"reload-global", {Placement::Reload, ZeroSource::Global}},
};

Expected<GuardStrategy> helperguard::parseStrategy(StringRef S) {
  for (const StrategyName &N : StrategyNames)
    if (S == N.Name)
      return N.Strategy;
  return createStringError(
      inconvertibleErrorCode(),
      "unknown strategy '%s' (expected auto, init-ptrdiff, init-global, "
      "reload-ptrdiff, reload-global, init, reload, ptrdiff or global)",
      S.str().c_str());
}

static Error optionError(StringRef Opt, const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(),
                           ("-" + Opt + ": " + Msg).str());
}

Expected<GuardConfig> helperguard::readGuardConfig() {
  GuardConfig C;
  std::optional<GuardMode> Mode = StringSwitch<std::optional<GuardMode>>(ModeOpt)
                                      .Case("fix", GuardMode::Fix)
                                      .Case("warn", GuardMode::Warn)
                                      .Case("off", GuardMode::Off)
                                      .Default(std::nullopt);
  if (!Mode)
    return optionError(ModeOpt.ArgStr, "unknown mode '" + ModeOpt +
                                           "' (expected fix, warn or off)");
  C.Mode = *Mode;

  Expected<GuardStrategy> Strategy = parseStrategy(StrategyOpt);
  if (!Strategy)
    return optionError(StrategyOpt.ArgStr, toString(Strategy.takeError()));
  C.Strategy = *Strategy;
  C.ReportPath = ReportOpt;

  if (DBOpt.empty()) {
    // The built-in database lives for the whole process.
    C.DB = std::shared_ptr<const HelperDB>(&HelperDB::builtin(),
                                           [](const HelperDB *) {});
  } else {
    Expected<HelperDB> Extra = HelperDB::loadFile(DBOpt);
    if (!Extra)
      return optionError(DBOpt.ArgStr, toString(Extra.takeError()));
    auto Merged = std::make_shared<HelperDB>(HelperDB::builtin());
    Merged->merge(*Extra);
    C.DB = std::move(Merged);
  }

  // After the database: a release is resolved against its measurements.
  Expected<KernelSelection> Kernels = C.DB->selectKernels(KernelsOpt);
  if (!Kernels)
    return optionError(KernelsOpt.ArgStr, toString(Kernels.takeError()));
  C.Kernels = std::move(Kernels->Kernels);
  C.UnmeasuredReleases = std::move(Kernels->Unmeasured);
  C.KernelsText = KernelsOpt;
  return C;
}
