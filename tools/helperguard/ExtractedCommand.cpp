//===- ExtractedCommand.cpp - "helperguard db extracted" / "db update" ----===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard db extracted list [--kernel V]
//   helperguard db extracted show HELPER [--kernel V] [--prog-type T]
//   helperguard db extracted diff V1 V2
//   helperguard db update [SERIES...] | --running [KERNEL...] |
//                         --probe [KERNEL...] | --avail [KERNEL...] |
//                         --merge
//
// Reads the files the source extractor generates
// (helper-db/extracted/linux-*.json, format in helper-db/extracted/README.md).
// They are not merged into the builtin database: the curated
// helper-db/data stays the plugin's source of truth.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

const char ExtractedHelp[] =
    R"(usage: helperguard db extracted <subcommand> [--json] [--extracted FILE]...

Facts extracted from kernel source trees (helper-db/extracted/*.json, format
in helper-db/extracted/README.md); not part of the builtin database.

subcommands:
  list [--kernel V]          the extracted kernels with their provenance and
                             counts; with --kernel, every helper of kernel V
                             and the program types that get it
  show HELPER [--kernel V] [--prog-type T]
                             per kernel and program type: the prototype(s)
                             the helper gets ("one of" when several), each
                             argument's declared type and flags, file:line
  diff V1 V2                 helpers, program types and argument flags that
                             differ between extracted kernels V1 and V2

options:
  --extracted FILE           read FILE instead of helper-db/extracted/*.json
                             (may repeat)
  --json                     print JSON instead of text

  helperguard db update [SERIES...]
                             re-run the source extractor on Debian's
                             linux-source-SERIES packages (default: every
                             series in helper-db/extractors/sources.list) and
                             rewrite helper-db/extracted/linux-SERIES.json
  helperguard db update --running [KERNEL...]
                             boot each Debian kernel under QEMU (default:
                             helper-db/extractors/kernels-running.list) and
                             read its prototypes as compiled (BTF, kallsyms,
                             kcore) into helper-db/extracted/running-VER.json
  helperguard db update --probe [KERNEL...]
                             run the behavioural probe in each kernel into
                             helper-db/extracted/probe-VER.json
  helperguard db update --avail [KERNEL...]
                             run the availability probe (every helper id in
                             every program type) in each kernel into
                             helper-db/extracted/avail-VER.json
  helperguard db update --merge
                             only rebuild helper-db/data/extracted.json
  Every form then rebuilds helper-db/data/extracted.json (the generated part
  of the built-in database) from helper-db/extracted; rebuild afterwards.
)";

struct Extracted {
  std::string File;
  json::Value Doc = nullptr;
  const json::Object &obj() const { return *Doc.getAsObject(); }
  std::string kernel() const {
    return compat::toStd(obj().getString("kernel")).value_or("?").str();
  }
  std::string pkgVersion() const {
    const json::Object *P = obj().getObject("provenance");
    return P ? compat::toStd(P->getString("version")).value_or("").str() : "";
  }
};

Expected<std::vector<Extracted>> loadExtracted(const ParsedArgs &P) {
  std::vector<std::string> Files = P.values("extracted");
  if (Files.empty()) {
    SmallString<256> Dir(sourceDir());
    sys::path::append(Dir, "helper-db", "extracted");
    std::error_code EC;
    for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC;
         I.increment(EC)) {
      StringRef Name = sys::path::filename(I->path());
      if (compat::startsWith(Name, "linux-") && compat::endsWith(Name, ".json"))
        Files.push_back(I->path());
    }
    if (EC || Files.empty())
      return createStringError(inconvertibleErrorCode(),
                               "no helper-db/extracted/linux-*.json under " +
                                   sourceDir() +
                                   " (set HELPERGUARD_SOURCE_DIR or use "
                                   "--extracted FILE; 'helperguard db update' "
                                   "generates them)");
  }
  std::vector<Extracted> Out;
  for (const std::string &F : Files) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(F);
    if (!B)
      return createStringError(inconvertibleErrorCode(),
                               F + ": " + B.getError().message());
    Expected<json::Value> V = json::parse((*B)->getBuffer());
    if (!V)
      return createStringError(
          inconvertibleErrorCode(),
          F + ": malformed JSON: " + toString(V.takeError()));
    const json::Object *O = V->getAsObject();
    if (!O ||
        compat::toStd(O->getString("format")) != "helperguard-extracted/1" ||
        !O->getArray("helpers") || !O->getObject("protos"))
      return createStringError(inconvertibleErrorCode(),
                               F + ": not a helperguard-extracted/1 file "
                                   "(helper-db/extracted/README.md)");
    Out.push_back({F, std::move(*V)});
  }
  // Oldest kernel first.
  auto Key = [](const Extracted &E) {
    std::string Kernel = E.kernel();
    SmallVector<StringRef, 3> Parts;
    StringRef(Kernel).split(Parts, '.');
    std::vector<unsigned> K;
    for (StringRef S : Parts) {
      unsigned N = 0;
      S.getAsInteger(10, N);
      K.push_back(N);
    }
    return K;
  };
  llvm::stable_sort(Out, [&](const Extracted &A, const Extracted &B) {
    return Key(A) < Key(B);
  });
  return Out;
}

/// The extracted kernels a --kernel value names: "7.3" (series) or a
/// package version prefix ("7.3.4"). Empty: all.
std::vector<const Extracted *> select(const std::vector<Extracted> &All,
                                      StringRef Sel) {
  std::vector<const Extracted *> Out;
  for (const Extracted &E : All)
    if (Sel.empty() || E.kernel() == Sel ||
        compat::startsWith(E.pkgVersion(), Sel))
      Out.push_back(&E);
  return Out;
}

const json::Object *findHelper(const Extracted &E, StringRef Name) {
  std::string Want = Name.str();
  unsigned Id = 0;
  bool IsId = !Name.getAsInteger(10, Id);
  if (!IsId && !compat::startsWith(Name, "bpf_"))
    Want = "bpf_" + Want;
  for (const json::Value &H : *E.obj().getArray("helpers")) {
    const json::Object *O = H.getAsObject();
    if (!O)
      continue;
    if (IsId ? compat::toStd(O->getInteger("id")) == int64_t(Id)
             : compat::toStd(O->getString("name")) == Want)
      return O;
  }
  return nullptr;
}

std::string argsStr(const json::Object &Proto) {
  std::string S;
  if (const json::Array *A = Proto.getArray("args"))
    for (const json::Value &V : *A) {
      const json::Object *O = V.getAsObject();
      if (!O)
        continue;
      S += formatv("      arg{0}: {1}",
                   compat::toStd(O->getInteger("arg")).value_or(0),
                   compat::toStd(O->getString("type")).value_or("?"));
      if (std::optional<StringRef> Sz = compat::toStd(O->getString("size")))
        S += " (size " + Sz->str() + ")";
      S += "\n";
    }
  return S;
}

int runList(const std::vector<Extracted> &All, const ParsedArgs &P) {
  bool Json = P.has("json");
  std::string Sel = P.value("kernel");
  std::vector<const Extracted *> Ks = select(All, Sel);
  if (Ks.empty())
    return usageError("no extracted kernel matches '" + Sel + "'");
  json::Array Rows;
  for (const Extracted *E : Ks) {
    const json::Object *Prov = E->obj().getObject("provenance");
    const json::Object *Sum = E->obj().getObject("summary");
    if (Sel.empty()) {
      if (Json) {
        Rows.push_back(json::Object{{"kernel", E->kernel()},
                                    {"file", E->File},
                                    {"provenance", json::Object(*Prov)},
                                    {"summary", json::Object(*Sum)}});
        continue;
      }
      outs() << formatv(
          "{0,-5} {1} {2} (extracted {3}): {4} helper ids (max {5}), {6} "
          "program types, {7} protos, {8} helper x program type pairs ({9} "
          "one-of)\n",
          E->kernel(), compat::toStd(Prov->getString("package")).value_or("?"),
          compat::toStd(Prov->getString("version")).value_or("?"),
          compat::toStd(Prov->getString("date")).value_or("?"),
          compat::toStd(Sum->getInteger("helper_ids")).value_or(0),
          compat::toStd(Sum->getInteger("max_id")).value_or(0),
          compat::toStd(Sum->getInteger("prog_types")).value_or(0),
          compat::toStd(Sum->getInteger("protos")).value_or(0),
          compat::toStd(Sum->getInteger("helper_prog_type_pairs")).value_or(0),
          compat::toStd(Sum->getInteger("one_of_pairs")).value_or(0));
      continue;
    }
    for (const json::Value &HV : *E->obj().getArray("helpers")) {
      const json::Object *H = HV.getAsObject();
      const json::Object *PT = H->getObject("prog_types");
      std::vector<std::string> Types;
      for (const auto &KV : *PT)
        Types.push_back(KV.first.str());
      llvm::sort(Types);
      if (Json) {
        json::Array T;
        for (auto &S : Types)
          T.push_back(S);
        Rows.push_back(
            json::Object{{"kernel", E->kernel()},
                         {"id", *compat::toStd(H->getInteger("id"))},
                         {"name", *compat::toStd(H->getString("name"))},
                         {"prog_types", std::move(T)}});
        continue;
      }
      outs() << formatv("{0,-5} {1,3} {2,-34} {3}\n", E->kernel(),
                        *compat::toStd(H->getInteger("id")),
                        *compat::toStd(H->getString("name")),
                        Types.empty() ? std::string("(no program type)")
                                      : join(Types, ","));
    }
  }
  if (Json)
    printJson(std::move(Rows));
  return ExitOK;
}

int runShow(const std::vector<Extracted> &All, const ParsedArgs &P) {
  if (P.Positional.size() != 1)
    return usageError("'db extracted show' takes one helper");
  bool Json = P.has("json");
  std::string Sel = P.value("kernel"), Type = P.value("prog-type");
  std::vector<const Extracted *> Ks = select(All, Sel);
  if (Ks.empty())
    return usageError("no extracted kernel matches '" + Sel + "'");
  json::Array Rows;
  bool Found = false;
  for (const Extracted *E : Ks) {
    const json::Object *H = findHelper(*E, P.Positional[0]);
    if (!H) {
      if (!Json)
        outs() << E->kernel() << ": no helper " << P.Positional[0] << "\n";
      continue;
    }
    Found = true;
    const json::Object *Protos = E->obj().getObject("protos");
    const json::Object *PT = H->getObject("prog_types");
    std::vector<std::string> Types;
    for (const auto &KV : *PT)
      if (Type.empty() || KV.first == Type)
        Types.push_back(KV.first.str());
    llvm::sort(Types);
    if (!Json)
      outs() << formatv(
          "{0} ({1} {2}): {3} (id {4}, {5})\n", E->kernel(),
          compat::toStd(E->obj().getObject("provenance")->getString("package"))
              .value_or("?"),
          E->pkgVersion(), *compat::toStd(H->getString("name")),
          *compat::toStd(H->getInteger("id")),
          compat::toStd(H->getString("where")).value_or(""));
    // Group program types by their candidate set, as the kernel spells it.
    std::map<std::string, std::vector<std::string>> ByProtos;
    for (const std::string &T : Types) {
      const json::Object *R = PT->getObject(T);
      std::vector<std::string> Names;
      for (const json::Value &N : *R->getArray("protos"))
        Names.push_back(compat::toStd(N.getAsString())->str());
      ByProtos[join(Names, " | ")].push_back(T);
      if (Json) {
        json::Array Cands;
        for (const std::string &N : Names)
          if (const json::Object *Pr = Protos->getObject(N))
            Cands.push_back(json::Object{{"proto", N}, {"decl", json::Object(*Pr)}});
        Rows.push_back(
            json::Object{{"kernel", E->kernel()},
                         {"helper", *compat::toStd(H->getString("name"))},
                         {"prog_type", T},
                         {"one_of", *compat::toStd(R->getBoolean("one_of"))},
                         {"candidates", std::move(Cands)},
                         {"paths", json::Array(*R->getArray("paths"))}});
      }
    }
    if (Json)
      continue;
    if (Types.empty())
      outs() << "  not available" << (Type.empty() ? "" : " in " + Type) << "\n";
    for (const auto &[Names, Ts] : ByProtos) {
      SmallVector<StringRef, 2> Parts;
      StringRef(Names).split(Parts, " | ");
      outs() << "  " << join(Ts, ",") << ":"
             << (Parts.size() > 1 ? " one of" : "") << "\n";
      for (StringRef N : Parts) {
        const json::Object *Pr = Protos->getObject(N);
        outs() << "    " << N;
        if (Pr)
          outs() << " (" << compat::toStd(Pr->getString("where")).value_or("?")
                 << ")\n"
                 << argsStr(*Pr);
        else
          outs() << " (no initialiser)\n";
      }
    }
  }
  if (Json) {
    printJson(std::move(Rows));
    return ExitOK;
  }
  if (!Found)
    return usageError("no helper '" + P.Positional[0] + "' in the extracted kernels");
  return ExitOK;
}

/// helper x program type -> "proto: arg types" on one kernel.
std::map<std::string, std::string> facts(const Extracted &E) {
  std::map<std::string, std::string> F;
  const json::Object *Protos = E.obj().getObject("protos");
  for (const json::Value &HV : *E.obj().getArray("helpers")) {
    const json::Object *H = HV.getAsObject();
    for (const auto &KV : *H->getObject("prog_types")) {
      std::string V;
      for (const json::Value &N : *KV.second.getAsObject()->getArray("protos")) {
        StringRef Name = *compat::toStd(N.getAsString());
        if (!V.empty())
          V += " | ";
        V += Name.str() + "(";
        if (const json::Object *Pr = Protos->getObject(Name)) {
          std::vector<std::string> Args;
          for (const json::Value &A : *Pr->getArray("args"))
            Args.push_back(compat::toStd(A.getAsObject()->getString("type"))
                               .value_or("?")
                               .str());
          V += join(Args, ", ");
        }
        V += ")";
      }
      F[compat::toStd(H->getString("name"))->str() + " [" + KV.first.str() +
        "]"] = V;
    }
  }
  return F;
}

int runDiff(const std::vector<Extracted> &All, const ParsedArgs &P) {
  if (P.Positional.size() != 2)
    return usageError("'db extracted diff' takes two kernels");
  const Extracted *K[2];
  for (int I = 0; I < 2; ++I) {
    std::vector<const Extracted *> S = select(All, P.Positional[I]);
    if (S.size() != 1)
      return usageError("'" + P.Positional[I] + "' names " +
                        std::to_string(S.size()) + " extracted kernels");
    K[I] = S.front();
  }
  std::map<std::string, std::string> A = facts(*K[0]), B = facts(*K[1]);
  std::set<std::string> Keys;
  for (auto &KV : A)
    Keys.insert(KV.first);
  for (auto &KV : B)
    Keys.insert(KV.first);
  bool Json = P.has("json");
  json::Array Rows;
  unsigned N = 0;
  for (const std::string &Key : Keys) {
    auto IA = A.find(Key), IB = B.find(Key);
    std::string VA = IA == A.end() ? "" : IA->second;
    std::string VB = IB == B.end() ? "" : IB->second;
    if (VA == VB)
      continue;
    ++N;
    if (Json) {
      Rows.push_back(json::Object{{"what", Key},
                                  {"old", VA.empty() ? json::Value(nullptr) : json::Value(VA)},
                                  {"new", VB.empty() ? json::Value(nullptr) : json::Value(VB)}});
      continue;
    }
    outs() << Key << "\n  " << K[0]->kernel() << ": "
           << (VA.empty() ? "(not available)" : VA) << "\n  " << K[1]->kernel()
           << ": " << (VB.empty() ? "(not available)" : VB) << "\n";
  }
  if (Json) {
    printJson(json::Object{{"old", K[0]->kernel()}, {"new", K[1]->kernel()},
                           {"changes", std::move(Rows)}});
    return ExitOK;
  }
  outs() << formatv("{0} helper x program type entries differ between {1} and {2}\n",
                    N, K[0]->kernel(), K[1]->kernel());
  return ExitOK;
}

} // namespace

int runDbExtracted(ArrayRef<StringRef> Args) {
  Expected<ParsedArgs> P =
      parseArgs(Args, {"extracted", "kernel", "prog-type"}, {"json", "help"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard db extracted --help')");
  if (P->has("help")) {
    outs() << ExtractedHelp;
    return ExitOK;
  }
  if (P->Positional.empty()) {
    errs() << ExtractedHelp;
    return ExitUsage;
  }
  std::string Sub = P->Positional.front();
  P->Positional.erase(P->Positional.begin());
  if (Sub != "show" && !P->values("prog-type").empty())
    return usageError("--prog-type belongs to 'db extracted show'");
  if (Sub == "diff" && !P->values("kernel").empty())
    return usageError("'db extracted diff' takes the kernels as arguments");
  using Runner = int (*)(const std::vector<Extracted> &, const ParsedArgs &);
  Runner Run = StringSwitch<Runner>(Sub)
                   .Case("list", runList)
                   .Case("show", runShow)
                   .Case("diff", runDiff)
                   .Default(nullptr);
  if (!Run)
    return usageError("unknown 'db extracted' subcommand '" + Sub + "'");
  Expected<std::vector<Extracted>> All = loadExtracted(*P);
  if (!All)
    return usageError(toString(All.takeError()));
  return Run(*All, *P);
}

int runDbUpdate(ArrayRef<StringRef> Args) {
  // The arguments go to helper-db/extractors/update as they are; they are
  // parsed here only to reject what it would not take.
  const char *Takes = "'db update' takes series (6.1, 7.3...), --running "
                      "[KERNEL...], --probe [KERNEL...], --avail "
                      "[KERNEL...] or --merge";
  Expected<ParsedArgs> P =
      parseArgs(Args, {}, {"running", "probe", "avail", "merge", "help"});
  if (!P)
    return usageError(toString(P.takeError()) + ": " + Takes);
  if (P->has("help")) {
    outs() << ExtractedHelp;
    return ExitOK;
  }
  if (P->Flags.size() > 1 ||
      (!P->Flags.empty() && Args.front() != "--" + P->Flags.front()))
    return usageError(Twine(Takes) + ", the option first");
  if (P->has("merge") && !P->Positional.empty())
    return usageError("'db update --merge' takes no argument");
  SmallString<256> Script(sourceDir());
  sys::path::append(Script, "helper-db", "extractors", "update");
  if (!sys::fs::can_execute(Script))
    return usageError(Twine(Script) +
                      " not found (set HELPERGUARD_SOURCE_DIR to the source tree)");
  std::vector<StringRef> Argv{Script};
  for (StringRef A : Args)
    Argv.push_back(A);
  std::string Err;
  int RC = sys::ExecuteAndWait(Script, Argv, compat::None, {}, 0, 0, &Err);
  if (RC != 0) {
    errs() << "helperguard: error: " << Script << " failed"
           << (Err.empty() ? "" : ": " + Err) << " (exit " << RC << ")\n";
    return 1;
  }
  return ExitOK;
}

} // namespace tool
} // namespace helperguard
