//===- HazardChecker.cpp - Stale helper writes the program relies on ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "HazardChecker.h"

#include "Callbacks.h"
#include "ProgramGraph.h"
#include "StackState.h"

#include "helperguard/ProgramType.h"
#include "helperguard/ReadOnlyArgs.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"

#include <map>
#include <optional>
#include <unordered_map>

using namespace llvm;

namespace helperguard {
namespace check {

bool CheckResult::hazardous() const {
  return any_of(Calls, [](const CallVerdict &C) { return C.Hazardous; });
}

namespace {

constexpr unsigned PerCpuPtrId = 153;  // BPF_FUNC_per_cpu_ptr
constexpr unsigned ThisCpuPtrId = 154; // BPF_FUNC_this_cpu_ptr

/// Whether the ld_imm64 at Idx of section Sec loads the address of a ksym
/// whose type is not a struct.
bool isScalarKsymAddress(const BpfObject &Obj, unsigned Sec, size_t Idx) {
  const CodeSection &C = Obj.Sections[Sec];
  auto R = C.Relocs.find(Idx);
  return R != C.Relocs.end() && R->second.SymbolSection == 0 &&
         Obj.ScalarKsyms.count(R->second.Symbol);
}

/// Whether the ld_imm64 at Idx of section Sec loads an address in .rodata
/// (libbpf's read-only map).
bool isRodataAddress(const BpfObject &Obj, unsigned Sec, size_t Idx) {
  const CodeSection &C = Obj.Sections[Sec];
  auto R = C.Relocs.find(Idx);
  return R != C.Relocs.end() &&
         compat::startsWith(R->second.SymbolSectionName, ".rodata");
}

uint64_t mask32(uint64_t V) { return V & 0xffffffffull; }

bool mulOverflows(uint64_t A, uint64_t B) {
  return A && B > ~0ull / A;
}

/// One stale argument of one call site.
struct StaleSlot {
  size_t Verdict; // index into the verdicts
  KernelSet Kernels;
};

/// The stale arguments a call passes, as the database (or the worst case
/// for a helper newer than it) describes them.
struct StaleInfo {
  unsigned ArgNo;
  std::optional<unsigned> SizeArgNo;
  std::optional<uint64_t> FixedSize;
  KernelSet Kernels;
};

/// Whether the verifier checks what a program of this section and type
/// returns against a range (check_return_code(): cgroup, sock_ops,
/// sk_lookup, netfilter and LSM programs, fentry/fexit and iterators). A
/// stale belief that the value is in range then loads a program the kernel
/// must reject, and it returns what it must not.
bool returnValueChecked(StringRef Section, ArrayRef<std::string> Types) {
  for (const std::string &T : Types) {
    StringRef Type(T);
    if (Type == "lsm" || compat::startsWith(Type, "cgroup_") || Type == "sock_ops" ||
        Type == "sk_lookup" || Type == "netfilter")
      return true;
    if (Type == "tracing")
      return compat::startsWith(Section, "fentry") ||
             compat::startsWith(Section, "fexit") ||
             compat::startsWith(Section, "iter");
  }
  return false;
}

class ProgramChecker {
public:
  ProgramChecker(const BpfObject &Obj, const HelperDB &DB,
                 const KernelSet &Targets, const BpfFunction &Prog,
                 std::vector<CallVerdict> &Verdicts,
                 std::map<InsnLoc, size_t> &VerdictIndex)
      : Obj(Obj), DB(DB), Targets(Targets), Prog(Prog), Verdicts(Verdicts),
        VerdictIndex(VerdictIndex) {
    if (std::optional<StringRef> T =
            progTypeForSection(Obj.Sections[Prog.Section].Name))
      Types.push_back(T->str());
    ReturnChecked =
        returnValueChecked(Obj.Sections[Prog.Section].Name, Types);
  }

  Error run() {
    Expected<ProgramGraph> G = ProgramGraph::build(Obj, Prog);
    if (!G)
      return G.takeError();
    Graph = std::move(*G);
    findLeaders();
    State Entry;
    Entry.Frames.emplace_back();
    Entry.top().Regs[1] = AbsValue::otherPtr(); // the context
    Entry.top().Regs[10] = AbsValue::stackPtr(0, 0, 0);
    In.emplace(0, std::move(Entry));
    std::set<unsigned> Work{0};
    while (!Work.empty()) {
      unsigned L = *Work.begin();
      Work.erase(Work.begin());
      State S = In.at(L);
      unsigned N = L;
      while (true) {
        const GraphNode &Node = Graph.Nodes[N];
        const Insn &I = Obj.Sections[Node.Sec].Insns[Node.Idx];
        if (!Node.Callbacks.empty())
          enterCallbacks(Node, I, S, Work);
        step(N, I, S);
        bool Enters =
            I.isPseudoCall() && !isKfuncCall(Obj, Node.Sec, Node.Idx);
        if (Node.Succs.size() == 1 && !Leader[Node.Succs[0]] && !Enters &&
            !I.isExit()) {
          N = Node.Succs[0];
          continue;
        }
        if (Node.ReturnsToCallSite)
          useValue(S.top().Regs[0], N); // checked against [0, 1]
        for (unsigned Succ : Node.Succs) {
          State Out = S;
          if (Enters)
            pushFrame(Out);
          else if (Node.ReturnsToCallSite)
            returnToCallSite(Out);
          else if (I.isExit())
            popFrame(Out);
          flow(Succ, std::move(Out), Work);
        }
        break;
      }
    }
    return Error::success();
  }

private:
  const BpfObject &Obj;
  const HelperDB &DB;
  const KernelSet &Targets;
  const BpfFunction &Prog;
  std::vector<CallVerdict> &Verdicts;
  std::map<InsnLoc, size_t> &VerdictIndex;
  std::vector<std::string> Types;
  bool ReturnChecked = false;
  ProgramGraph Graph;
  std::vector<bool> Leader;
  std::unordered_map<unsigned, State> In;
  std::unordered_map<unsigned, unsigned> Visits;
  std::vector<StaleSlot> Slots;              // by taint bit
  std::map<std::pair<InsnLoc, unsigned>, unsigned> SlotOf;

  void flow(unsigned Succ, State Out, std::set<unsigned> &Work) {
    auto It = In.find(Succ);
    if (It == In.end()) {
      In.emplace(Succ, std::move(Out));
      Work.insert(Succ);
    } else if (It->second.join(Out, ++Visits[Succ] > 6)) {
      Work.insert(Succ);
    }
  }

  /// The helper call at Node passes a callback: the verifier walks it (with
  /// the state S before the call) in a new frame whose argument registers
  /// it sets from the caller's (Callbacks.h), or, for an asynchronous
  /// callback, on a stack of its own.
  void enterCallbacks(const GraphNode &Node, const Insn &I, const State &S,
                      std::set<unsigned> &Work) {
    const CallbackHelper *CH = callbackHelper(unsigned(I.Imm));
    if (!CH)
      return;
    const auto &Caller = S.top().Regs;
    uint64_t Fn =
        Caller[CH->FnReg].K == AbsValue::OtherPtr ? Caller[CH->FnReg].Func : 0;
    for (const CallbackEdge &E : Node.Callbacks) {
      if (Fn && Fn != funcKey(E.Sec, E.Idx))
        continue; // the register holds another callback
      State Out;
      if (!CH->Async)
        Out = S;
      Frame Callee;
      for (unsigned R = 1; R <= 5; ++R) {
        CallbackArg A = CH->Args[R - 1];
        if (A == CallbackArg::Scalar)
          Callee.Regs[R] = AbsValue::unknown();
        else if (A == CallbackArg::Pointer)
          Callee.Regs[R] = AbsValue::otherPtr();
        else if (A >= CallbackArg::Caller1 && !CH->Async)
          Callee.Regs[R] =
              Caller[unsigned(A) - unsigned(CallbackArg::Caller1) + 1];
      }
      Callee.Regs[10] = AbsValue::stackPtr(unsigned(Out.Frames.size()), 0, 0);
      Out.Frames.push_back(std::move(Callee));
      flow(E.Entry, std::move(Out), Work);
    }
  }

  static uint64_t funcKey(unsigned Sec, size_t Idx) {
    return ((uint64_t(Sec) << 32) | uint64_t(Idx)) + 1;
  }

  /// A synchronous callback returns to the helper call that called it: its
  /// frame goes, the caller's registers are those of before the call.
  /// After a frame is popped, pointers into it point nowhere.
  static void forgetDanglingStackPointers(State &S) {
    auto Dangling = [&](AbsValue &V) {
      if (V.K == AbsValue::StackPtr && V.Frame >= S.Frames.size())
        V = AbsValue::unknown();
    };
    for (Frame &F : S.Frames) {
      for (AbsValue &V : F.Regs)
        Dangling(V);
      for (AbsValue &V : F.Spilled)
        Dangling(V);
    }
  }

  static void returnToCallSite(State &S) {
    if (S.Frames.size() < 2)
      return;
    S.Frames.pop_back();
    forgetDanglingStackPointers(S);
  }

  void findLeaders() {
    Leader.assign(Graph.Nodes.size(), false);
    Leader[0] = true;
    for (const GraphNode &N : Graph.Nodes)
      for (const CallbackEdge &E : N.Callbacks)
        Leader[E.Entry] = true;
    for (const GraphNode &N : Graph.Nodes) {
      const Insn &I = Obj.Sections[N.Sec].Insns[N.Idx];
      bool Ends = N.Succs.size() != 1 || I.isExit() ||
                  (I.isPseudoCall() && !isKfuncCall(Obj, N.Sec, N.Idx));
      for (unsigned S : N.Succs)
        if (Ends || Graph.Nodes[S].NumPreds != 1)
          Leader[S] = true;
    }
  }

  void pushFrame(State &S) {
    Frame Callee;
    for (unsigned R = 1; R <= 5; ++R)
      Callee.Regs[R] = S.top().Regs[R];
    Callee.Regs[10] = AbsValue::stackPtr(unsigned(S.Frames.size()), 0, 0);
    S.Frames.push_back(std::move(Callee));
  }

  void popFrame(State &S) {
    if (S.Frames.size() < 2)
      return;
    AbsValue R0 = S.top().Regs[0];
    S.Frames.pop_back();
    Frame &Caller = S.top();
    Caller.Regs[0] = R0;
    for (unsigned R = 1; R <= 5; ++R)
      Caller.Regs[R] = AbsValue();
    forgetDanglingStackPointers(S);
  }

  CallVerdict &verdictAt(InsnLoc Loc, bool &New) {
    auto [It, Inserted] = VerdictIndex.insert({Loc, Verdicts.size()});
    New = Inserted;
    if (Inserted) {
      Verdicts.emplace_back();
      Verdicts.back().Loc = Loc;
    }
    CallVerdict &V = Verdicts[It->second];
    V.Programs.insert(Prog.Name);
    V.ProgTypes.insert(Types.empty() ? "any" : Types.front());
    return V;
  }

  unsigned bitFor(InsnLoc Loc, unsigned ArgNo, const KernelSet &Kernels) {
    auto [It, New] = SlotOf.insert({{Loc, ArgNo}, unsigned(Slots.size())});
    if (New)
      Slots.push_back({VerdictIndex.at(Loc), Kernels});
    return std::min(It->second, 63u);
  }

  /// A tainted value with knowledge is used at node N.
  void use(TaintSet T, unsigned N) {
    if (!T)
      return;
    const GraphNode &Node = Graph.Nodes[N];
    for (unsigned Bit = 0; Bit < Slots.size(); ++Bit) {
      if (!(T & (1ull << std::min(Bit, 63u))))
        continue;
      CallVerdict &V = Verdicts[Slots[Bit].Verdict];
      V.Hazardous = true;
      V.Kernels.add(Slots[Bit].Kernels);
      V.Uses.insert({Node.Sec, Node.Idx});
    }
  }

  /// A load at node N reads bytes [Begin, End) of F: it reads the write of
  /// every stale argument whose taint the bytes still carry.
  void noteRead(unsigned N, const Frame &F, int Begin, int End) {
    TaintSet T = 0;
    for (int Off = std::max(Begin, -int(bpf::FrameSize));
         Off < std::min(End, 0); ++Off)
      T |= F.Taint[Frame::index(Off)];
    const GraphNode &Node = Graph.Nodes[N];
    for (unsigned Bit = 0; T && Bit < Slots.size(); ++Bit)
      if (T & (1ull << std::min(Bit, 63u)))
        Verdicts[Slots[Bit].Verdict].Reads.insert({Node.Sec, Node.Idx});
  }

  void useValue(const AbsValue &V, unsigned N) {
    if (V.hasKnowledge())
      use(V.Taint, N);
  }

  void step(unsigned N, const Insn &I, State &S) {
    Frame &F = S.top();
    auto &R = F.Regs;
    switch (I.cls()) {
    case bpf::ALU:
    case bpf::ALU64:
      alu(N, I, S);
      return;
    case bpf::LD:
      if (I.isLdImm64()) {
        const CodeSection &C = Obj.Sections[Graph.Nodes[N].Sec];
        bool Reloc = C.Relocs.count(Graph.Nodes[N].Idx);
        R[I.Dst] = (I.Src == 0 && !Reloc) ? AbsValue::constant(I.Imm64)
                                          : AbsValue::otherPtr();
        if (isRodataAddress(Obj, Graph.Nodes[N].Sec, Graph.Nodes[N].Idx))
          R[I.Dst].ReadOnly = 1 + unsigned(ReadOnlyMemory::RdonlyMap);
        R[I.Dst].ScalarKsym =
            isScalarKsymAddress(Obj, Graph.Nodes[N].Sec, Graph.Nodes[N].Idx);
        if (auto T = funcAddress(Obj, Graph.Nodes[N].Sec, Graph.Nodes[N].Idx))
          R[I.Dst].Func = funcKey(T->first, T->second);
      } else { // legacy packet loads
        R[0] = AbsValue::bounded(I.accessSize() == 8 ? ~0ull
                                 : (1ull << (8 * I.accessSize())) - 1);
        for (unsigned X = 1; X <= 5; ++X)
          R[X] = AbsValue();
      }
      return;
    case bpf::LDX: {
      const AbsValue Base = R[I.Src];
      useValue(Base, N);
      unsigned Size = I.accessSize();
      AbsValue V;
      if (Base.K == AbsValue::StackPtr && Base.Frame < S.Frames.size()) {
        const Frame &Target = S.Frames[Base.Frame];
        V = readStack(Target, Base.Lo + I.Off, Base.Hi + I.Off, Size,
                      Base.PathSplit)
                .Value;
        noteRead(N, Target, Base.Lo + I.Off, Base.Hi + I.Off + int(Size));
      } else if (Size == 8 && S.StackEscaped) {
        V.K = AbsValue::MaybeStackPtr;
      } else {
        V = AbsValue::bounded(Size == 8 ? ~0ull : (1ull << (8 * Size)) - 1);
      }
      if (I.mode() == bpf::MEMSX && !(V.isScalar() && V.IsConst && Size == 8))
        V = AbsValue::unknown();
      R[I.Dst] = V;
      return;
    }
    case bpf::ST:
    case bpf::STX: {
      const AbsValue Base = R[I.Dst];
      useValue(Base, N);
      unsigned Size = I.accessSize();
      bool Atomic = I.cls() == bpf::STX && I.mode() == bpf::ATOMIC;
      AbsValue V = I.cls() == bpf::ST ? AbsValue::constant(int64_t(I.Imm))
                                      : R[I.Src];
      if (Atomic)
        V = AbsValue::unknown();
      if (Base.K == AbsValue::StackPtr && Base.Frame < S.Frames.size()) {
        writeStack(S.Frames[Base.Frame], Base.Lo + I.Off, Base.Hi + I.Off,
                   Size, V, I.cls() == bpf::ST, Base.PathSplit);
      } else if (!Atomic && (V.K == AbsValue::StackPtr ||
                             V.K == AbsValue::MaybeStackPtr)) {
        S.StackEscaped = true;
      }
      if (Atomic) {
        if (I.Imm & 0x01) // BPF_FETCH
          R[I.Src] = AbsValue::unknown();
        if (I.Imm == 0xf1) // BPF_CMPXCHG
          R[0] = AbsValue::unknown();
      }
      return;
    }
    case bpf::JMP:
    case bpf::JMP32:
      if (I.isHelperCall()) {
        helperCall(N, I, S);
      } else if (isKfuncCall(Obj, Graph.Nodes[N].Sec, Graph.Nodes[N].Idx)) {
        kfuncCall(N, I, S);
      } else if (I.isBranch() && !I.isUncondJump()) {
        useValue(R[I.Dst], N);
        if (I.srcBit() == bpf::X)
          useValue(R[I.Src], N);
      } else if (I.isExit() && S.Frames.size() == 1 && ReturnChecked) {
        useValue(R[0], N); // the verifier checks the range it believes
      }
      return;
    default:
      return;
    }
  }

  void alu(unsigned N, const Insn &I, State &S) {
    auto &R = S.top().Regs;
    bool Is64 = I.cls() == bpf::ALU64;
    AbsValue Dst = R[I.Dst];
    AbsValue Src = I.srcBit() == bpf::X
                       ? R[I.Src]
                       : AbsValue::constant(Is64 ? uint64_t(int64_t(I.Imm))
                                                 : uint64_t(uint32_t(I.Imm)));
    uint8_t Op = I.op();
    AbsValue Out;
    if (Op == bpf::MOV) {
      Out = Src;
      if (I.Off && Src.isScalar() && Src.IsConst) { // MOVSX
        int64_t C = I.Off == 8    ? int8_t(Src.C)
                    : I.Off == 16 ? int16_t(Src.C)
                                  : int32_t(Src.C);
        Out = AbsValue::constant(uint64_t(C));
        Out.Taint = Src.Taint;
      } else if (I.Off) {
        Out = AbsValue::unknown();
      }
      if (!Is64)
        Out = truncateTo(Out, 4);
      R[I.Dst] = Out.normalise();
      return;
    }
    bool DstPtr = Dst.K == AbsValue::StackPtr || Dst.K == AbsValue::OtherPtr ||
                  Dst.K == AbsValue::MaybeStackPtr;
    bool SrcPtr = Src.K == AbsValue::StackPtr || Src.K == AbsValue::OtherPtr ||
                  Src.K == AbsValue::MaybeStackPtr;
    if (Is64 && (Op == bpf::ADD || Op == bpf::SUB) && (DstPtr || SrcPtr)) {
      if (DstPtr && SrcPtr) {
        // Pointer minus pointer: an unknown scalar (the opaque zero).
        R[I.Dst] = AbsValue::unknown();
        return;
      }
      AbsValue Ptr = DstPtr ? Dst : Src;
      const AbsValue &Off = DstPtr ? Src : Dst;
      useValue(Off, N); // the verifier checks bounds with what it believes
      if (Ptr.K == AbsValue::StackPtr) {
        // A counter joined from constants: the verifier has an exact
        // offset on each path.
        Ptr.PathSplit |= Off.isScalar() && Off.MaybeKnown;
        bool Neg = Op == bpf::SUB;
        if (Off.isScalar() && Off.IsConst) {
          int64_t D = Neg ? -int64_t(Off.C) : int64_t(Off.C);
          if (D > 4096 || D < -4096) {
            Ptr.Lo = -int(bpf::FrameSize);
            Ptr.Hi = 0;
          } else {
            Ptr.Lo += int32_t(D);
            Ptr.Hi += int32_t(D);
          }
        } else if (Off.isScalar() && Off.UMax < bpf::FrameSize && !Neg) {
          Ptr.Lo += int32_t(Off.UMin);
          Ptr.Hi += int32_t(Off.UMax);
        } else if (Off.isScalar() && Off.UMax < bpf::FrameSize && Neg) {
          Ptr.Lo -= int32_t(Off.UMax);
          Ptr.Hi -= int32_t(Off.UMin);
        } else {
          Ptr.Lo = -int(bpf::FrameSize);
          Ptr.Hi = 0;
        }
      }
      Ptr.Taint = 0;
      R[I.Dst] = Ptr;
      return;
    }
    if (DstPtr || SrcPtr) {
      R[I.Dst] = AbsValue::unknown();
      return;
    }
    if (Dst.K == AbsValue::Uninit)
      Dst = AbsValue::unknown();
    if (Src.K == AbsValue::Uninit)
      Src = AbsValue::unknown();
    if (!Is64) {
      Dst = truncateTo(Dst, 4);
      Src = truncateTo(Src, 4);
    }
    Out = scalarOp(Op, Dst, Src, I, Is64);
    if (!Is64)
      Out = truncateTo(Out, 4);
    bool Knows = Out.hasKnowledge();
    Out.MaybeKnown =
        !Out.IsConst && (Dst.MaybeKnown || Src.MaybeKnown) &&
        Dst.hasKnowledge() && (Src.hasKnowledge() || Op == bpf::NEG ||
                               Op == bpf::END);
    Out.Taint = Knows || Out.MaybeKnown ? (Dst.Taint | Src.Taint) : 0;
    R[I.Dst] = Out.normalise();
  }

  static AbsValue scalarOp(uint8_t Op, const AbsValue &A, const AbsValue &B,
                           const Insn &I, bool Is64) {
    unsigned Bits = Is64 ? 64 : 32;
    if (A.IsConst && (B.IsConst || Op == bpf::NEG || Op == bpf::END)) {
      uint64_t X = A.C, Y = B.C;
      uint64_t M = Is64 ? ~0ull : 0xffffffffull;
      switch (Op) {
      case bpf::ADD: return AbsValue::constant((X + Y) & M);
      case bpf::SUB: return AbsValue::constant((X - Y) & M);
      case bpf::MUL: return AbsValue::constant((X * Y) & M);
      case bpf::DIV:
        if (I.Off) // SDIV
          return AbsValue::unknown();
        return AbsValue::constant(Y ? (X / Y) & M : 0);
      case bpf::MOD:
        if (I.Off)
          return AbsValue::unknown();
        return AbsValue::constant(Y ? (X % Y) & M : X);
      case bpf::OR: return AbsValue::constant((X | Y) & M);
      case bpf::AND: return AbsValue::constant(X & Y & M);
      case bpf::XOR: return AbsValue::constant((X ^ Y) & M);
      case bpf::LSH: return AbsValue::constant((X << (Y % Bits)) & M);
      case bpf::RSH: return AbsValue::constant((X & M) >> (Y % Bits));
      case bpf::ARSH:
        if (Is64)
          return AbsValue::constant(uint64_t(int64_t(X) >> (Y % 64)));
        return AbsValue::constant(
            mask32(uint64_t(int64_t(int32_t(X) >> (Y % 32)))));
      case bpf::NEG: return AbsValue::constant((0 - X) & M);
      default: return AbsValue::unknown(); // END: not worth modelling
      }
    }
    switch (Op) {
    case bpf::AND:
      return AbsValue::bounded(std::min(A.UMax, B.UMax));
    case bpf::ADD:
      if (A.UMax <= ~0ull - B.UMax) {
        AbsValue Sum = AbsValue::bounded(A.UMax + B.UMax);
        Sum.UMin = A.UMin + B.UMin;
        return Sum;
      }
      return AbsValue::unknown();
    case bpf::MUL:
      if (!mulOverflows(A.UMax, B.UMax))
        return AbsValue::bounded(A.UMax * B.UMax);
      return AbsValue::unknown();
    case bpf::RSH:
      if (B.IsConst) {
        AbsValue V = AbsValue::bounded(A.UMax >> (B.C % Bits));
        V.UMin = A.UMin >> (B.C % Bits);
        return V;
      }
      return AbsValue::bounded(A.UMax);
    case bpf::LSH:
      if (B.IsConst && B.C < 64 && (A.UMax >> (63 - B.C)) <= 1 &&
          A.UMax <= (~0ull >> B.C)) {
        // (clang's zero extension without alu32: <<= 32, >>= 32)
        AbsValue V = AbsValue::bounded(A.UMax << B.C);
        V.UMin = A.UMin << B.C;
        return V;
      }
      return AbsValue::unknown();
    case bpf::DIV:
      if (!I.Off)
        return AbsValue::bounded(A.UMax);
      return AbsValue::unknown();
    case bpf::MOD:
      if (!I.Off && B.IsConst && B.C)
        return AbsValue::bounded(std::min(A.UMax, B.C - 1));
      return AbsValue::unknown();
    default:
      return AbsValue::unknown();
    }
  }

  /// The bytes [Begin, End) a pointer argument covers with Size bytes.
  static std::pair<int, int> rangeOf(const AbsValue &P,
                                     std::optional<uint64_t> Size) {
    int64_t Begin = P.Lo;
    int64_t End = Size ? int64_t(P.Hi) + int64_t(std::min<uint64_t>(
                                             *Size, bpf::FrameSize))
                       : 0;
    Begin = std::max<int64_t>(Begin, -int64_t(bpf::FrameSize));
    End = std::min<int64_t>(End, 0);
    return {int(Begin), int(std::max(Begin, End))};
  }

  /// The size a size register allows: its constant or its bound.
  static std::optional<uint64_t> sizeOf(const AbsValue &V) {
    if (V.isScalar() && (V.IsConst || V.UMax < (1ull << 31)))
      return V.UMax;
    return std::nullopt;
  }

  std::optional<std::vector<StaleInfo>> staleArgs(unsigned Id,
                                                  const State &S) {
    std::vector<StaleInfo> Out;
    if (!DB.helper(Id)) {
      if (!DB.isNewerHelper(Id))
        return std::nullopt;
      KernelSet K = DB.regimeKernels(Regime::MemWriteOnly);
      K.add(DB.regimeKernels(Regime::FlagsEnforced));
      K = K.intersect(Targets);
      for (const std::string &R : Targets.releases())
        K.addRelease(R); // measured builds were not probed for it either
      if (!K.empty())
        for (unsigned A = 1; A <= 5; ++A) {
          const AbsValue &V = S.top().Regs[A];
          if (V.K == AbsValue::StackPtr || V.K == AbsValue::MaybeStackPtr)
            Out.push_back({A, std::nullopt, std::nullopt, K});
        }
      return Out;
    }
    std::optional<std::vector<StaleArg>> Stale =
        DB.staleArgs(Id, Types, Targets);
    if (!Stale)
      return std::nullopt;
    for (const StaleArg &A : *Stale)
      Out.push_back({A.ArgNo, A.SizeArgNo, A.FixedSize, A.Kernels});
    return Out;
  }

  /// The memory arguments of the prototypes a program of this type gets.
  std::vector<const MemArg *> memArgs(const Helper &H, unsigned ArgNo) {
    std::vector<const MemArg *> Out;
    std::vector<const Prototype *> Protos;
    if (Types.empty()) {
      for (const Prototype &P : H.Protos)
        Protos.push_back(&P);
    } else {
      Protos.push_back(H.protoFor(Types.front()));
    }
    for (const Prototype *P : Protos)
      if (P)
        if (const MemArg *A = P->arg(ArgNo))
          Out.push_back(A);
    return Out;
  }

  /// A stack argument the verifier interprets (a map key): what it knew of
  /// the first 8 bytes is used.
  void keyRead(const AbsValue &P, const State &S, unsigned N) {
    if (P.K != AbsValue::StackPtr || P.Frame >= S.Frames.size())
      return;
    const Frame &F = S.Frames[P.Frame];
    auto [Begin, End] = rangeOf(P, 8);
    TaintSet T = 0;
    for (int Off = Begin; Off < End; ++Off)
      if (F.byteKnown(Frame::index(Off)))
        T |= F.Taint[Frame::index(Off)];
    use(T, N);
  }

  void helperCall(unsigned N, const Insn &I, State &S) {
    const GraphNode &Node = Graph.Nodes[N];
    InsnLoc Loc{Node.Sec, Node.Idx};
    unsigned Id = unsigned(I.Imm);
    bool New;
    CallVerdict &V0 = verdictAt(Loc, New);
    size_t VIdx = VerdictIndex.at(Loc);
    const Helper *H = DB.helper(Id);
    if (New) {
      V0.HelperId = Id;
      V0.Name = H ? H->Name : "helper #" + std::to_string(Id);
    }
    std::optional<std::vector<StaleInfo>> Stale = staleArgs(Id, S);
    Frame &F = S.top();
    if (!H && Stale)
      Verdicts[VIdx].NewerThanDB = true;
    for (unsigned A = 1; A <= 5; ++A)
      if (F.Regs[A].K == AbsValue::OtherPtr && F.Regs[A].ReadOnly)
        Verdicts[VIdx].ReadOnlyArgs.insert({A, F.Regs[A].ReadOnly});
    for (unsigned A = 1; A <= 5; ++A) {
      const AbsValue &P = F.Regs[A];
      const StaleInfo *SI = nullptr;
      if (Stale)
        for (const StaleInfo &X : *Stale)
          if (X.ArgNo == A)
            SI = &X;
      if (SI) {
        CallVerdict &V = Verdicts[VIdx];
        V.Stale = true;
        std::optional<uint64_t> Size = SI->FixedSize;
        if (SI->SizeArgNo && *SI->SizeArgNo <= 5) {
          Size = sizeOf(F.Regs[*SI->SizeArgNo]);
          useValue(F.Regs[*SI->SizeArgNo], N);
        }
        if (P.K == AbsValue::StackPtr && P.Frame < S.Frames.size()) {
          V.StackArg = true;
          Frame &Target = S.Frames[P.Frame];
          auto [Begin, End] = rangeOf(P, Size);
          unsigned Bit = bitFor(Loc, A, SI->Kernels);
          for (int Off = Begin; Off < End; ++Off) {
            unsigned B = Frame::index(Off);
            if (Target.byteKnown(B))
              V.KnownBefore = true;
            Target.Taint[B] |= 1ull << Bit;
          }
        } else if (P.K == AbsValue::MaybeStackPtr) {
          V.StackArg = V.Hazardous = V.Unsure = true;
          V.Kernels.add(SI->Kernels);
        }
        continue;
      }
      if (!H) {
        if (!Stale)
          keyRead(P, S, N); // a helper the database does not describe
        continue;
      }
      if (callbackHelper(Id))
        continue; // the callback's context: the verifier reads no byte
      // of it
      std::vector<const MemArg *> Args = memArgs(*H, A);
      if (Args.empty()) {
        keyRead(P, S, N); // map keys, values, other stack arguments
        continue;
      }
      bool Plain = true, Writes = false;
      std::optional<uint64_t> Size;
      for (const MemArg *MA : Args) {
        for (const DeclaredArg &D : MA->Declared)
          Plain &= flagsArePlainMemory(D.Flags);
        Writes |= MA->Writes;
        Size = MA->FixedSize;
        if (MA->SizeArgNo && *MA->SizeArgNo <= 5) {
          const AbsValue &SR = F.Regs[*MA->SizeArgNo];
          useValue(SR, N);
          Size = SR.isScalar() && SR.IsConst ? std::optional<uint64_t>(SR.C)
                                             : std::nullopt;
        }
      }
      if (!Plain)
        keyRead(P, S, N);
      // Declared written on every targeted kernel: the verifier forgets.
      if (Writes && Size && P.K == AbsValue::StackPtr && P.Lo == P.Hi &&
          P.Frame < S.Frames.size()) {
        auto [Begin, End] = rangeOf(P, Size);
        clobberStack(S.Frames[P.Frame], Begin, End);
      }
    }
    // bpf_per_cpu_ptr()/bpf_this_cpu_ptr() of a scalar ksym: read-only
    // memory (or NULL).
    bool ReadOnlyResult = (Id == PerCpuPtrId || Id == ThisCpuPtrId) &&
                          F.Regs[1].K == AbsValue::OtherPtr &&
                          F.Regs[1].ScalarKsym;
    afterCall(S);
    if (ReadOnlyResult) {
      S.top().Regs[0] = AbsValue::otherPtr();
      S.top().Regs[0].ReadOnly = 1 + unsigned(ReadOnlyMemory::RdonlyMem);
    }
  }

  void kfuncCall(unsigned N, const Insn &I, State &S) {
    const GraphNode &Node = Graph.Nodes[N];
    InsnLoc Loc{Node.Sec, Node.Idx};
    const CodeSection &C = Obj.Sections[Node.Sec];
    auto R = C.Relocs.find(Node.Idx);
    std::string Name = R != C.Relocs.end()
                           ? R->second.Symbol
                           : "kfunc #" + std::to_string(I.Imm);
    const Kfunc *K = DB.kfunc(Name);
    Frame &F = S.top();
    if (K) {
      bool New;
      CallVerdict &V0 = verdictAt(Loc, New);
      V0.IsKfunc = true;
      V0.Name = Name;
      size_t VIdx = VerdictIndex.at(Loc);
      for (const KfuncArg &A : K->Args) {
        if (!A.Writes || A.ArgNo < 1 || A.ArgNo > 5)
          continue;
        const AbsValue &P = F.Regs[A.ArgNo];
        std::optional<uint64_t> Size = A.FixedSize;
        if (A.SizeArgNo && *A.SizeArgNo <= 5)
          Size = sizeOf(F.Regs[*A.SizeArgNo]);
        KernelSet Stale = DB.kfuncStaleKernels(Name, A.ArgNo, Targets);
        if (P.K != AbsValue::StackPtr || P.Frame >= S.Frames.size()) {
          if (P.K == AbsValue::MaybeStackPtr && !Stale.empty()) {
            CallVerdict &V = Verdicts[VIdx];
            V.Stale = V.StackArg = V.Hazardous = V.Unsure = true;
            V.Kernels.add(Stale);
          }
          continue;
        }
        auto [Begin, End] = rangeOf(P, Size);
        if (Stale.empty()) {
          if (Size && P.Lo == P.Hi)
            clobberStack(S.Frames[P.Frame], Begin, End);
          continue;
        }
        CallVerdict &V = Verdicts[VIdx];
        V.Stale = V.StackArg = true;
        unsigned Bit = bitFor(Loc, A.ArgNo, Stale);
        Frame &Target = S.Frames[P.Frame];
        for (int Off = Begin; Off < End; ++Off) {
          unsigned B = Frame::index(Off);
          V.KnownBefore |= Target.byteKnown(B);
          Target.Taint[B] |= 1ull << Bit;
        }
      }
    }
    afterCall(S);
    // bpf_dynptr_slice() gives PTR_TO_MEM | MEM_RDONLY (or NULL).
    if (Name == "bpf_dynptr_slice") {
      F.Regs[0] = AbsValue::otherPtr();
      F.Regs[0].ReadOnly = 1 + unsigned(ReadOnlyMemory::RdonlyMem);
    }
  }

  static void afterCall(State &S) {
    auto &R = S.top().Regs;
    R[0] = AbsValue::unknown();
    for (unsigned X = 1; X <= 5; ++X)
      R[X] = AbsValue();
  }
};

std::string describeNotStale(const HelperDB &DB, const CallVerdict &V,
                             const KernelSet &Targets) {
  if (V.IsKfunc)
    return "the verifier forgets what " + V.Name +
           " writes on every targeted kernel";
  const Helper *H = DB.helper(V.HelperId);
  if (!H)
    return V.Name + " is not in the helper database";
  std::vector<std::string> Types;
  for (const std::string &T : V.ProgTypes)
    if (T != "any")
      Types.push_back(T);
  std::optional<std::vector<StaleArg>> Anywhere =
      DB.staleArgs(V.HelperId, Types, KernelSet::all());
  if (Anywhere && !Anywhere->empty()) {
    KernelSet K;
    for (const StaleArg &A : *Anywhere)
      K.add(A.Kernels);
    return V.Name + " is affected only on kernels " + K.str() +
           ", none of them targeted";
  }
  return V.Name + " declares every buffer it writes";
}

} // namespace

CheckResult checkObject(const BpfObject &Obj, const HelperDB &DB,
                        const KernelSet &Targets) {
  CheckResult Result;
  std::map<InsnLoc, size_t> Index;
  for (const BpfFunction &F : Obj.Functions) {
    if (!F.IsProgram)
      continue;
    ++Result.Programs;
    ProgramChecker PC(Obj, DB, Targets, F, Result.Calls, Index);
    if (Error E = PC.run())
      Result.Errors.push_back(
          {F.Name, Obj.Sections[F.Section].Name, toString(std::move(E))});
  }
  for (CallVerdict &V : Result.Calls) {
    if (V.Unsure)
      V.Reason = "cannot tell which stack bytes a written argument points "
                 "to: assuming a hazard";
    else if (V.Hazardous)
      V.Reason = "the verifier keeps the old contents of bytes the helper "
                 "writes, and the program uses what it believes of them";
    else if (!V.Stale)
      V.Reason = describeNotStale(DB, V, Targets);
    else if (!V.StackArg)
      V.Reason = "no stack buffer reaches a written argument";
    else if (!V.KnownBefore)
      V.Reason = "no byte the helper writes is known to the verifier before "
                 "the call";
    else
      V.Reason = "no use after the call relies on what the verifier knew of "
                 "the bytes the helper writes";
  }
  sort(Result.Calls, [](const CallVerdict &A, const CallVerdict &B) {
    return A.Loc < B.Loc;
  });
  return Result;
}

} // namespace check
} // namespace helperguard
