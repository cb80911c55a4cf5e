//===- ProgramGraph.cpp - One program with its subprograms inlined --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "ProgramGraph.h"

#include "Callbacks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>
#include <map>

using namespace llvm;

namespace helperguard {
namespace check {

namespace {

Error bad(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

std::string where(const BpfObject &Obj, unsigned Sec, size_t Idx) {
  return (Obj.Sections[Sec].Name + "+" + Twine(Idx * 8)).str();
}

class Builder {
public:
  Builder(const BpfObject &Obj, size_t MaxNodes) : Obj(Obj), Max(MaxNodes) {}

  /// Expands the function entered at (Sec, Start) in frame Depth; returns
  /// its entry node and appends its exit nodes to Exits.
  Expected<unsigned> expand(unsigned Sec, size_t Start, unsigned Depth,
                            std::vector<unsigned> &Exits) {
    if (Depth >= bpf::MaxCallFrames)
      return bad("more than 8 nested calls at " + where(Obj, Sec, Start));
    for (const auto &Active : Stack)
      if (Active == std::make_pair(Sec, Start))
        return bad("recursive call of " + where(Obj, Sec, Start));
    Stack.push_back({Sec, Start});
    const std::vector<Insn> &Insns = Obj.Sections[Sec].Insns;
    std::map<size_t, unsigned> Local; // instruction -> node in this context
    std::vector<size_t> Work;
    auto NodeFor = [&](size_t Idx) -> Expected<unsigned> {
      if (Idx >= Insns.size() || Insns[Idx].IsSecondHalf)
        return bad("jump into the middle or out of the code at " +
                   where(Obj, Sec, Idx));
      auto [It, New] = Local.insert({Idx, unsigned(G.Nodes.size())});
      if (New) {
        if (G.Nodes.size() >= Max)
          return bad("program too large after inlining its subprograms");
        GraphNode N;
        N.Sec = Sec;
        N.Idx = Idx;
        N.Depth = uint8_t(Depth);
        G.Nodes.push_back(std::move(N));
        Work.push_back(Idx);
      }
      return It->second;
    };
    auto Edge = [&](unsigned From, size_t ToIdx) -> Error {
      Expected<unsigned> To = NodeFor(ToIdx);
      if (!To)
        return To.takeError();
      G.Nodes[From].Succs.push_back(*To);
      ++G.Nodes[*To].NumPreds;
      return Error::success();
    };
    Expected<unsigned> Entry = NodeFor(Start);
    if (!Entry)
      return Entry.takeError();
    while (!Work.empty()) {
      size_t Idx = Work.back();
      Work.pop_back();
      unsigned Node = Local[Idx];
      const Insn &I = Insns[Idx];
      size_t Next = Idx + (I.isLdImm64() ? 2 : 1);
      if (I.isExit()) {
        Exits.push_back(Node);
        continue;
      }
      if (I.isPseudoCall() && !isKfuncCall(Obj, Sec, Idx)) {
        Expected<std::pair<unsigned, size_t>> T = callTarget(Obj, Sec, Idx);
        if (!T)
          return T.takeError();
        std::vector<unsigned> CalleeExits;
        Expected<unsigned> CalleeEntry =
            expand(T->first, T->second, Depth + 1, CalleeExits);
        if (!CalleeEntry)
          return CalleeEntry.takeError();
        G.Nodes[Node].Succs.push_back(*CalleeEntry);
        ++G.Nodes[*CalleeEntry].NumPreds;
        for (unsigned X : CalleeExits)
          if (Error E = Edge(X, Next))
            return E;
        continue;
      }
      if (I.isHelperCall())
        if (const CallbackHelper *CH = callbackHelper(unsigned(I.Imm)))
          if (Error E = expandCallbacks(Node, *CH, Depth))
            return E;
      if (I.isBranch()) {
        int64_t T = I.branchTarget(Idx);
        if (T < 0)
          return bad("jump before the start of the code at " +
                     where(Obj, Sec, Idx));
        if (!I.isUncondJump())
          if (Error E = Edge(Node, Next))
            return E;
        if (Error E = Edge(Node, size_t(T)))
          return E;
        continue;
      }
      if (Error E = Edge(Node, Next))
        return E;
    }
    Stack.pop_back();
    return *Entry;
  }

  ProgramGraph G;

private:
  const BpfObject &Obj;
  size_t Max;
  std::vector<std::pair<unsigned, size_t>> Stack;
  std::map<std::pair<unsigned, size_t>, unsigned> AsyncEntries;

  /// The subprograms whose address the functions active now load, except
  /// the active ones: a callback that is running already would be a
  /// recursive call, which the verifier refuses (nested bpf_loop: the
  /// program loads the outer callback's address, the outer callback the
  /// inner one's, and only the inner one can be the inner call's).
  std::vector<std::pair<unsigned, size_t>> callbackCandidates() const {
    std::vector<std::pair<unsigned, size_t>> Out;
    for (const auto &[Sec, Start] : Stack)
      for (const BpfFunction &F : Obj.Functions) {
        if (F.Section != Sec || Start < F.Start || Start >= F.End)
          continue;
        for (size_t Idx = F.Start; Idx < F.End; ++Idx)
          if (auto T = funcAddress(Obj, Sec, Idx))
            if (!is_contained(Out, *T) && !is_contained(Stack, *T))
              Out.push_back(*T);
      }
    return Out;
  }

  /// Expands the callbacks the helper call at Node may call.
  Error expandCallbacks(unsigned Node, const CallbackHelper &CH,
                        unsigned Depth) {
    for (const auto &[Sec, Idx] : callbackCandidates()) {
      CallbackEdge E;
      E.Sec = Sec;
      E.Idx = Idx;
      E.Async = CH.Async;
      if (CH.Async) {
        // The entry is the first node expand() makes: known before it
        // runs, for a callback that sets itself again.
        auto [It, New] =
            AsyncEntries.insert({{Sec, Idx}, unsigned(G.Nodes.size())});
        if (New) {
          // Its own stack: no frame of the caller's is active.
          std::vector<std::pair<unsigned, size_t>> Saved;
          Saved.swap(Stack);
          std::vector<unsigned> Exits;
          Expected<unsigned> Entry = expand(Sec, Idx, 0, Exits);
          Stack.swap(Saved);
          if (!Entry)
            return Entry.takeError();
        }
        E.Entry = It->second;
      } else {
        std::vector<unsigned> Exits;
        Expected<unsigned> Entry = expand(Sec, Idx, Depth + 1, Exits);
        if (!Entry)
          return Entry.takeError();
        E.Entry = *Entry;
        for (unsigned X : Exits) {
          G.Nodes[X].Succs.push_back(Node);
          G.Nodes[X].ReturnsToCallSite = true;
          ++G.Nodes[Node].NumPreds;
        }
      }
      G.Nodes[Node].Callbacks.push_back(E);
    }
    return Error::success();
  }
};

} // namespace

bool isKfuncCall(const BpfObject &Obj, unsigned Sec, size_t Idx) {
  const CodeSection &C = Obj.Sections[Sec];
  const Insn &I = C.Insns[Idx];
  if (I.isKfuncCall())
    return true;
  if (!I.isPseudoCall())
    return false;
  auto R = C.Relocs.find(Idx);
  return R != C.Relocs.end() && R->second.SymbolSection == 0 &&
         !R->second.SymbolIsSection;
}

Expected<std::pair<unsigned, size_t>> callTarget(const BpfObject &Obj,
                                                 unsigned Sec, size_t Idx) {
  const CodeSection &C = Obj.Sections[Sec];
  const Insn &I = C.Insns[Idx];
  auto R = C.Relocs.find(Idx);
  if (R == C.Relocs.end()) {
    int64_t T = int64_t(Idx) + 1 + I.Imm;
    if (T < 0 || size_t(T) >= C.Insns.size())
      return bad("call out of section '" + C.Name + "' at " +
                 where(Obj, Sec, Idx));
    return std::make_pair(Sec, size_t(T));
  }
  unsigned TSec;
  if (!R->second.SymbolSection ||
      !Obj.sectionByElfIndex(R->second.SymbolSection, &TSec))
    return bad("call at " + where(Obj, Sec, Idx) + " to '" +
               R->second.Symbol + "', which is not code of this object");
  if (R->second.SymbolValue % 8)
    return bad("call at " + where(Obj, Sec, Idx) + " to a misaligned symbol");
  int64_t T = int64_t(R->second.SymbolValue / 8) + I.Imm + 1;
  if (T < 0 || size_t(T) >= Obj.Sections[TSec].Insns.size())
    return bad("call at " + where(Obj, Sec, Idx) + " out of section '" +
               Obj.Sections[TSec].Name + "'");
  return std::make_pair(TSec, size_t(T));
}

Expected<ProgramGraph> ProgramGraph::build(const BpfObject &Obj,
                                           const BpfFunction &F,
                                           size_t MaxNodes) {
  Builder B(Obj, MaxNodes);
  std::vector<unsigned> Exits;
  Expected<unsigned> Entry = B.expand(F.Section, F.Start, 0, Exits);
  if (!Entry)
    return Entry.takeError();
  return std::move(B.G);
}

} // namespace check
} // namespace helperguard
