//===- SiteSink.cpp - Hand examined sites to the Clang plugin -------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "SiteSink.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <mutex>

using namespace llvm;
using namespace helperguard;

static cl::opt<bool> SinkOpt(
    "bpf-helperguard-sink", cl::init(false), cl::Hidden,
    cl::desc("helperguard: record examined helper calls for the Clang "
             "plugin (HelperGuardClang.so) and leave the warnings to it"));

namespace {

struct Sink {
  std::mutex Lock;
  unsigned Modules = 0;
  json::Array Sites;
  json::Array Portability;
};

Sink &sink() {
  static Sink S;
  return S;
}

json::Value locationOf(const DILocation *L) {
  if (!L)
    return nullptr;
  return json::Object{{"file", L->getFilename()},
                      {"dir", L->getDirectory()},
                      {"line", int64_t(L->getLine())},
                      {"column", int64_t(L->getColumn())}};
}

json::Value locationOf(const Instruction *I) {
  return locationOf(I->getDebugLoc().get());
}

/// The locations of Accesses, each once, in order.
json::Array locationsOf(const std::vector<const StackAccess *> &Accesses) {
  json::Array Out;
  std::vector<std::tuple<std::string, unsigned, unsigned>> Seen;
  for (const StackAccess *A : Accesses) {
    const DILocation *L = A->Inst->getDebugLoc().get();
    if (!L)
      continue;
    auto Key = std::make_tuple(L->getFilename().str(), L->getLine(),
                               L->getColumn());
    if (llvm::is_contained(Seen, Key))
      continue;
    Seen.push_back(Key);
    Out.push_back(locationOf(L));
  }
  return Out;
}

/// Whether the helper's write makes HI's initialisations dead: it writes
/// every byte of the object, and the object is otherwise only initialised
/// and read, every read after the call and every initialisation before it.
/// (Whether the helper always writes them all, and reads none, is the
/// database's to say; the Clang plugin asks it before offering a fix-it.)
bool initDeadAfterCall(const HazardInstance &HI) {
  const StackObject &Obj = *HI.Obj;
  if (Obj.Escaped || !Obj.Size || HI.Written.size() != Obj.Size ||
      !HI.Written.all() || HI.Inits.empty())
    return false;
  for (const StackAccess &A : Obj.Accesses) {
    if (&A == HI.Helper)
      continue;
    bool Init = llvm::is_contained(HI.Inits, &A);
    if (Init && !HazardAnalysis::mayPrecede(*HI.Helper, A))
      continue;
    if (A.Kind == AccessKind::Read && !HazardAnalysis::mayPrecede(A, *HI.Helper))
      continue;
    return false;
  }
  return true;
}

} // namespace

bool helperguard::siteSinkEnabled() { return SinkOpt; }

void helperguard::sinkModule() {
  std::lock_guard<std::mutex> G(sink().Lock);
  ++sink().Modules;
}

void helperguard::sinkSite(const SiteRecord &R) {
  const SiteVerdict &V = R.Verdict;
  json::Array Buffers;
  for (const HazardInstance &HI : V.Instances) {
    json::Object B{{"arg", int64_t(HI.Arg.ArgNo)},
                   {"size", int64_t(HI.Obj->Size)},
                   {"inits", locationsOf(HI.Inits)},
                   {"reads", locationsOf(HI.Reads)},
                   {"init_dead_after_call", initDeadAfterCall(HI)}};
    if (const DILocalVariable *Var = stackVariable(HI.Obj->Alloca)) {
      B["name"] = Var->getName();
      B["decl"] = json::Object{{"file", Var->getFilename()},
                               {"dir", Var->getDirectory()},
                               {"line", int64_t(Var->getLine())},
                               {"column", 0}};
    }
    Buffers.push_back(std::move(B));
  }
  json::Object O = verdictJson(R);
  O["call"] = locationOf(V.Call);
  O["unsure"] = V.Unsure;
  O["buffers"] = std::move(Buffers);
  std::lock_guard<std::mutex> G(sink().Lock);
  sink().Sites.push_back(std::move(O));
}

void helperguard::sinkPortability(const CallBase &CB, unsigned Id,
                                  StringRef Name, StringRef Problem,
                                  StringRef Fix) {
  // Copies: a json::Value made from a StringRef only borrows it.
  json::Object O{{"call", locationOf(&CB)},
                 {"helper_id", int64_t(Id)},
                 {"helper", Name.str()},
                 {"problem", Problem.str()},
                 {"fix", Fix.str()}};
  std::lock_guard<std::mutex> G(sink().Lock);
  sink().Portability.push_back(std::move(O));
}

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT char *
helperguard_take_sites(void) {
  std::string Text;
  {
    std::lock_guard<std::mutex> G(sink().Lock);
    json::Object All{{"modules", int64_t(sink().Modules)},
                     {"sites", std::move(sink().Sites)},
                     {"portability", std::move(sink().Portability)}};
    sink().Modules = 0;
    sink().Sites = json::Array();
    sink().Portability = json::Array();
    raw_string_ostream(Text) << json::Value(std::move(All));
  }
  char *Out = static_cast<char *>(std::malloc(Text.size() + 1));
  if (Out)
    std::memcpy(Out, Text.c_str(), Text.size() + 1);
  return Out;
}
