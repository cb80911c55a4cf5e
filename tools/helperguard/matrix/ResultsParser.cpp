//===- ResultsParser.cpp - Parse the guest's results.log ------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// One line per fact; unknown kinds are ignored, so an older parser reads a
// newer loader's output. A rejected program's statistics come from its log.
//
//===----------------------------------------------------------------------===//

#include "ResultsParser.h"
#include "VerifierLogClassifier.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

std::vector<std::string> lines(StringRef Text) {
  SmallVector<StringRef, 64> L;
  Text.split(L, '\n', -1, false);
  std::vector<std::string> Out;
  for (StringRef S : L)
    Out.push_back(S.rtrim("\r").str());
  return Out;
}

std::string field(StringRef Line, StringRef Key) {
  SmallVector<StringRef, 16> Words;
  Line.split(Words, ' ', -1, false);
  for (StringRef W : Words)
    if (W.consume_front(Key) && W.consume_front("="))
      return W.str();
  return "";
}

std::optional<uint64_t> num(StringRef S) {
  uint64_t V;
  if (S.empty() || S.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

namespace {

ProgResult &progFor(KernelResult &K, unsigned Obj, StringRef Name) {
  for (ProgResult &P : K.Progs)
    if (P.ObjIndex == Obj && P.Prog == Name)
      return P;
  K.Progs.emplace_back();
  K.Progs.back().ObjIndex = Obj;
  K.Progs.back().Prog = Name.str();
  return K.Progs.back();
}

} // namespace

void parseResults(KernelResult &K, StringRef Text) {
  for (const std::string &LineS : lines(Text)) {
    StringRef L(LineS);
    if (L.consume_front("KERNEL ")) {
      K.Release = field(" " + L.str(), "release");
      continue;
    }
    if (L.consume_front("PROCVERSION ")) {
      K.ProcVersion = L.str();
      continue;
    }
    if (!L.consume_front("OBJ="))
      continue;
    auto [ObjS, Rest] = L.split(' ');
    unsigned Obj;
    if (ObjS.getAsInteger(10, Obj))
      continue;
    auto [Kind, Rest2] = Rest.split(' ');
    if (Kind == "DONE" || Kind == "ERROR") {
      if (Kind == "ERROR") {
        ProgResult &P = progFor(K, Obj, "(object)");
        P.LoadError = Rest2.str();
        P.KeyMessage = Rest2.str();
        P.Category = "other";
      }
      continue;
    }
    auto [Name, Args] = Rest2.split(' ');
    if (Name.empty())
      continue;
    ProgResult &P = progFor(K, Obj, Name);
    std::string A = " " + Args.str();
    if (Kind == "LOADED") {
      P.Loaded = true;
      P.Type = field(A, "type");
      P.ObjInsns = num(field(A, "insns"));
    } else if (Kind == "STATS") {
      P.Processed = num(field(A, "processed"));
      P.TotalStates = num(field(A, "total_states"));
      P.PeakStates = num(field(A, "peak_states"));
      P.StackDepth = field(A, "stack_depth");
    } else if (Kind == "XLATED") {
      P.XlatedInsns = num(field(A, "insns"));
    } else if (Kind == "BRANCHES") {
      P.ObjBranches = num(field(A, "obj"));
      P.XlatedBranches = num(field(A, "xlated"));
    } else if (Kind == "RESULT") {
      int64_t V;
      if (!StringRef(field(A, "retval")).getAsInteger(10, V))
        P.Retval = V;
    } else if (Kind == "RUNFAIL") {
      P.RunError = Args.str();
    } else if (Kind == "ATTACHED") {
      P.Attach = "attached";
    } else if (Kind == "ATTACHFAIL") {
      P.Attach = "attach failed: " + Args.str();
    } else if (Kind == "EXEC") {
      std::string E = field(A, "errno");
      if (!E.empty())
        P.Exec = E == "1" ? "refused (EPERM)" : "errno " + E;
      else if (!field(A, "exit").empty())
        P.Exec = "ran (exit " + field(A, "exit") + ")";
      else
        P.Exec = "signal " + field(A, "signal");
    } else if (Kind == "LOADFAIL") {
      P.Loaded = false;
      P.LoadError = Args.str();
    } else if (Kind == "VLOG") {
      // The verifier's own timing is noise: two runs of one program
      // differ only there, and a merged result must equal an unsharded one.
      if (!compat::startsWith(Args, "verification time "))
        P.Log.push_back(Args.str());
    }
  }
  for (ProgResult &P : K.Progs) {
    if (P.Loaded || P.LoadError.empty())
      continue;
    // The stats line is in the tail of a rejected program's log too.
    for (const std::string &L : P.Log) {
      StringRef S(L);
      if (S.consume_front("processed ")) {
        uint64_t V;
        if (!S.split(' ').first.getAsInteger(10, V))
          P.Processed = V;
        std::string Sx = " " + S.str();
        auto After = [&](StringRef Key) -> std::optional<uint64_t> {
          size_t I = StringRef(Sx).find((" " + Key + " ").str());
          if (I == StringRef::npos)
            return std::nullopt;
          return num(StringRef(Sx).substr(I + Key.size() + 2).split(' ').first);
        };
        P.TotalStates = After("total_states");
        P.PeakStates = After("peak_states");
      }
      StringRef SL(L);
      if (compat::startsWith(SL, "stack depth ") &&
          !compat::startsWith(SL, "stack depth max"))
        P.StackDepth = SL.drop_front(12).trim().str();
      // 7.x: "subprog 0 (name) main insns_self 7 insns_total 7 stack 8"
      if (compat::startsWith(SL, "subprog ") && SL.contains(" stack ")) {
        std::string D = SL.rsplit(" stack ").second.split(' ').first.str();
        P.StackDepth =
            compat::startsWith(SL, "subprog 0 ") || P.StackDepth.empty()
                ? D
                : P.StackDepth + "+" + D;
      }
    }
    classify(P);
  }
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
