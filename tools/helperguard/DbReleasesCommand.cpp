//===- DbReleasesCommand.cpp - helperguard db releases / db merge ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The kernel builds the database knows by `uname -r` (FORMAT.md, "Release"):
//
//   db releases [--json]     each build, where its facts come from, and the
//                            helper arguments stale on it
//   db merge FILE... -o OUT  the releases of many probe results (one per
//                            kernel flavour of a fleet) in one file; a later
//                            file's release replaces an earlier one
//
// merge combines files whose only content is releases: a file that also
// states helpers, regimes or kfuncs is refused, since merging those is the
// job of --db / -bpf-helperguard-db, given once per file.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/HelperDB.h"
#include "helperguard/LLVMCompat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

/// The helper arguments stale on release R, as "bpf_snprintf arg1 (xdp,
/// sched_cls)", one per argument.
std::vector<std::string> staleOn(const HelperDB &DB, const KernelRelease &R) {
  KernelSet Only;
  if (!R.Results.empty())
    Only.addRelease(R.Release);
  else if (R.Kernel)
    Only.add(KernelRange{*R.Kernel, *R.Kernel});
  std::vector<std::string> Out;
  for (const auto &[Id, H] : DB.helpers()) {
    std::optional<std::vector<StaleArg>> Stale = DB.staleArgs(Id, {}, Only);
    if (!Stale)
      continue;
    std::map<unsigned, std::vector<std::string>> ByArg;
    for (const StaleArg &S : *Stale) {
      std::vector<std::string> &Types = ByArg[S.ArgNo];
      for (const std::string &T : S.ProgTypes)
        if (!is_contained(Types, T))
          Types.push_back(T);
    }
    for (auto &[Arg, Types] : ByArg)
      Out.push_back(formatv("{0} arg{1} ({2})", H.Name, Arg, join(Types, ", ")));
  }
  return Out;
}

} // namespace

int runDbReleases(const HelperDB &DB, const ParsedArgs &P) {
  if (!P.Positional.empty())
    return usageError("'db releases' takes no positional arguments");
  json::Array Rows;
  for (const KernelRelease &R : DB.releases()) {
    std::vector<std::string> Stale = staleOn(DB, R);
    std::string Facts =
        !R.Results.empty()
            ? formatv("{0} probe results", R.Results.size()).str()
            : "the facts of " + R.Kernel->str();
    if (P.has("json")) {
      json::Array S;
      for (const std::string &X : Stale)
        S.push_back(X);
      json::Object O{{"release", R.Release},
                     {"facts", Facts},
                     {"source", R.Source.Source},
                     {"date", R.Source.Date},
                     {"stale", std::move(S)}};
      if (R.Kernel)
        O["kernel"] = R.Kernel->str();
      if (!R.BtfSha256.empty())
        O["btf_sha256"] = R.BtfSha256;
      Rows.push_back(std::move(O));
      continue;
    }
    outs() << R.Release << ": " << Facts << " (" << R.Source.Source
           << (R.Source.Date.empty() ? "" : ", " + R.Source.Date) << ")\n";
    if (Stale.empty())
      outs() << "  no stale helper arguments\n";
    for (const std::string &X : Stale)
      outs() << "  stale: " << X << "\n";
  }
  if (P.has("json"))
    printJson(json::Object{{"releases", std::move(Rows)}});
  else if (DB.releases().empty())
    outs() << "no releases\n";
  return ExitOK;
}

int runDbMerge(ArrayRef<StringRef> Args) {
  Expected<ParsedArgs> P = parseArgs(Args, {"o"}, {"help"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard db --help')");
  if (P->has("help")) {
    outs() << "usage: helperguard db merge FILE... -o OUT\n"
              "  combines the releases (probe results, helper-db/FORMAT.md) "
              "of the files into OUT;\n  a later file's release replaces an "
              "earlier one of the same name\n";
    return ExitOK;
  }
  std::string Out = P->value("o");
  if (Out.empty())
    return usageError("'db merge' needs -o OUT");
  if (P->Positional.empty())
    return usageError("'db merge' needs at least one file");

  std::map<std::string, json::Value> Releases; // by name: later wins
  for (const std::string &Path : P->Positional) {
    // Validate first: the merge of bad files is a bad file.
    Expected<HelperDB> DB = HelperDB::loadFile(Path);
    if (!DB)
      return usageError(toString(DB.takeError()));
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
    if (!Buf)
      return usageError(Path + ": cannot read: " + Buf.getError().message());
    Expected<json::Value> V = json::parse((*Buf)->getBuffer());
    if (!V)
      return usageError(Path + ": " + toString(V.takeError()));
    const json::Object *O = V->getAsObject();
    for (StringRef Key : {"helpers", "regimes", "kfuncs"})
      if (O->get(Key))
        return usageError(Path + ": has " + Key +
                          ": 'db merge' combines probe results (releases); "
                          "give other database files with their own --db");
    if (const json::Array *A = O->getArray("releases"))
      for (const json::Value &R : *A)
        Releases.insert_or_assign(
            compat::toStd(R.getAsObject()->getString("release"))->str(), R);
  }
  json::Array All;
  for (auto &[Name, R] : Releases)
    All.push_back(std::move(R));
  size_t Count = All.size();
  std::error_code EC;
  raw_fd_ostream OS(Out, EC, sys::fs::OF_Text);
  if (EC)
    return usageError("cannot write '" + Out + "': " + EC.message());
  OS << formatv("{0:2}", json::Value(json::Object{
                             {"format", "helperguard-db/1"},
                             {"releases", std::move(All)}}))
     << "\n";
  OS.close();
  if (OS.has_error())
    return usageError("cannot write '" + Out + "'");
  errs() << "helperguard: " << Out << ": " << Count << " release"
         << (Count == 1 ? "" : "s") << " from " << P->Positional.size()
         << " file" << (P->Positional.size() == 1 ? "" : "s") << "\n";
  return ExitOK;
}

} // namespace tool
} // namespace helperguard
