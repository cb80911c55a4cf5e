//===- ToolSupport.cpp - Shared helpers of the helperguard tool -----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "ToolSupport.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperguard {
namespace tool {

int usageError(const Twine &Msg) {
  errs() << "helperguard: error: " << Msg << "\n";
  return ExitUsage;
}

bool ParsedArgs::has(StringRef Flag) const { return is_contained(Flags, Flag); }

std::string ParsedArgs::value(StringRef Name) const {
  auto It = Values.find(Name.str());
  return It == Values.end() || It->second.empty() ? std::string()
                                                  : It->second.back();
}

const std::vector<std::string> &ParsedArgs::values(StringRef Name) const {
  static const std::vector<std::string> None;
  auto It = Values.find(Name.str());
  return It == Values.end() ? None : It->second;
}

Expected<ParsedArgs> parseArgs(ArrayRef<StringRef> Args,
                               ArrayRef<StringRef> ValuedOptions,
                               ArrayRef<StringRef> FlagOptions) {
  ParsedArgs P;
  bool OptionsDone = false;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (OptionsDone || !compat::startsWith(A, "-") || A == "-") {
      P.Positional.push_back(A.str());
      continue;
    }
    if (A == "--") {
      OptionsDone = true;
      continue;
    }
    StringRef Name = A.drop_while([](char C) { return C == '-'; });
    StringRef Value;
    bool HasValue = false;
    if (size_t Eq = Name.find('='); Eq != StringRef::npos) {
      Value = Name.substr(Eq + 1);
      Name = Name.substr(0, Eq);
      HasValue = true;
    }
    if (Name == "h")
      Name = "help";
    if (is_contained(FlagOptions, Name)) {
      if (HasValue)
        return createStringError(inconvertibleErrorCode(),
                                 "option '--" + Name + "' takes no value");
      P.Flags.push_back(Name.str());
      continue;
    }
    if (!is_contained(ValuedOptions, Name))
      return createStringError(inconvertibleErrorCode(),
                               "unknown option '" + A + "'");
    if (!HasValue) {
      if (I + 1 == Args.size())
        return createStringError(inconvertibleErrorCode(),
                                 "option '--" + Name + "' needs a value");
      Value = Args[++I];
    }
    P.Values[Name.str()].push_back(Value.str());
  }
  return P;
}

Expected<HelperDB> loadDatabase(const std::vector<std::string> &Files) {
  HelperDB DB = HelperDB::builtin();
  for (const std::string &F : Files) {
    Expected<HelperDB> Extra = HelperDB::loadFile(F);
    if (!Extra)
      return Extra.takeError();
    DB.merge(*Extra);
  }
  return DB;
}

void printJson(const json::Value &V) { outs() << formatv("{0:2}", V) << "\n"; }

} // namespace tool
} // namespace helperguard

std::string helperguard::tool::sourceDir() {
  if (std::optional<std::string> E =
          compat::toStd(llvm::sys::Process::GetEnv("HELPERGUARD_SOURCE_DIR")))
    return *E;
#ifdef HELPERGUARD_SOURCE_DIR
  return HELPERGUARD_SOURCE_DIR;
#else
  return ".";
#endif
}
