//===- PluginOptions.cpp - -fplugin-arg-helperguard-* arguments -----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "PluginOptions.h"

#include "helperguard/KernelVersion.h"

#include "helperguard/LLVMCompat.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendOptions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"

using namespace clang;
using namespace llvm;
using namespace helperguard;

static constexpr const char *SinkSymbol = "helperguard_take_sites";

static void error(DiagnosticsEngine &Diags, const Twine &Msg) {
  unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
  Diags.Report(ID) << ("helperguard: " + Msg).str();
}

std::optional<PluginOptions>
helperguard::parsePluginArgs(const std::vector<std::string> &Args,
                             DiagnosticsEngine &Diags) {
  PluginOptions O;
  bool Ok = true;
  for (const std::string &Arg : Args) {
    auto [Name, Value] = StringRef(Arg).split('=');
    std::string Spelling = ("-fplugin-arg-helperguard-" + Arg);
    auto Bad = [&](const Twine &Why) {
      error(Diags, Spelling + ": " + Why);
      Ok = false;
    };
    if (!StringRef(Arg).contains('=')) {
      Bad("expected NAME=VALUE (kernels=, mode=, db=, report=, strategy=)");
    } else if (Name == "kernels") {
      // Syntax only: a release is resolved by the pass, against the
      // database files it is given.
      if (Expected<KernelSelection> K =
              HelperDB::builtin().selectKernels(Value);
          !K)
        Bad(toString(K.takeError()));
      O.Kernels = Value.str();
    } else if (Name == "mode") {
      if (Value != "fix" && Value != "warn" && Value != "off")
        Bad("unknown mode '" + Value + "' (expected fix, warn or off)");
      O.Mode = Value.str();
    } else if (Name == "db") {
      O.DB = Value.str();
    } else if (Name == "report") {
      if (Value.empty())
        Bad("expected a file name");
      O.Report = Value.str();
    } else if (Name == "strategy") {
      // Validated by the pass, which owns the list of techniques.
      O.Strategy = Value.str();
    } else {
      Bad("unknown argument '" + Name +
          "' (expected kernels=, mode=, db=, report= or strategy=)");
    }
  }
  if (!O.DB) {
    O.Database = std::shared_ptr<const HelperDB>(&HelperDB::builtin(),
                                                 [](const HelperDB *) {});
  } else if (Expected<HelperDB> Extra = HelperDB::loadFile(*O.DB); !Extra) {
    error(Diags, "-fplugin-arg-helperguard-db=" + *O.DB + ": " +
                     toString(Extra.takeError()));
    Ok = false;
  } else {
    auto Merged = std::make_shared<HelperDB>(HelperDB::builtin());
    Merged->merge(*Extra);
    O.Database = std::move(Merged);
  }
  if (!Ok)
    return std::nullopt;
  return O;
}

bool helperguard::compilesBPFCode(const CompilerInstance &CI) {
  switch (CI.getFrontendOpts().ProgramAction) {
  case frontend::EmitAssembly:
  case frontend::EmitBC:
  case frontend::EmitLLVM:
  case frontend::EmitLLVMOnly:
  case frontend::EmitCodeGenOnly:
  case frontend::EmitObj:
    break;
  default:
    return false;
  }
  return CI.hasTarget() && compat::isBPF(CI.getTarget().getTriple());
}

bool helperguard::handOptionsToPass(const CompilerInstance &CI,
                                    const PluginOptions &O) {
  DiagnosticsEngine &Diags = CI.getDiagnostics();
  // Clang 22 has loaded them already (loading again is a no-op); clang 19
  // loads them when it builds the pass pipeline.
  for (const std::string &Path : CI.getCodeGenOpts().PassPlugins) {
    std::string Err;
    sys::DynamicLibrary::getPermanentLibrary(Path.c_str(), &Err);
  }
  auto &Registered = cl::getRegisteredOptions(); // StringMap (19), DenseMap (22)
  if (!sys::DynamicLibrary::SearchForAddressOfSymbol(SinkSymbol) ||
      !Registered.count("bpf-helperguard-sink")) {
    error(Diags, "the pass plugin is not loaded: add "
                 "-fpass-plugin=<dir>/HelperGuard.so (HelperGuardClang.so "
                 "reports what the pass finds)");
    return false;
  }
  auto Set = [&](StringRef Name, const std::optional<std::string> &Value) {
    if (!Value)
      return true;
    cl::Option *Opt = Registered.lookup(Name);
    if (!Opt || Opt->addOccurrence(0, Name, *Value)) {
      error(Diags, "cannot set -" + Name + "=" + *Value + " in the pass plugin");
      return false;
    }
    return true;
  };
  return Set("bpf-helperguard-sink", std::string("true")) &&
         Set("bpf-helperguard-kernels", O.Kernels) &&
         Set("bpf-helperguard-mode", O.Mode) &&
         Set("bpf-helperguard-db", O.DB) &&
         Set("bpf-helperguard-report", O.Report) &&
         Set("bpf-helperguard-strategy", O.Strategy);
}
