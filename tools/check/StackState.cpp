//===- StackState.cpp - What the verifier believes about registers and stack ===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "StackState.h"

#include <algorithm>

namespace helperguard {
namespace check {

namespace {
uint64_t maskOf(unsigned Size) {
  return Size >= 8 ? ~0ull : (1ull << (8 * Size)) - 1;
}
int slotBase(int Off) { return Off - (((Off % 8) + 8) % 8); }
bool inFrame(int Begin, int End) {
  return Begin >= -int(bpf::FrameSize) && End <= 0 && Begin < End;
}
} // namespace

bool AbsValue::hasKnowledge(unsigned Width) const {
  switch (K) {
  case Uninit:
    return false;
  case Scalar:
    return IsConst || MaybeKnown || UMax < maskOf(Width) || UMin > 0;
  default:
    return true;
  }
}

AbsValue &AbsValue::normalise() {
  if (K == Scalar && IsConst)
    UMax = UMin = C;
  if (!hasKnowledge())
    Taint = 0;
  return *this;
}

bool AbsValue::operator==(const AbsValue &O) const {
  if (K != O.K || Taint != O.Taint)
    return false;
  switch (K) {
  case Scalar:
    return IsConst == O.IsConst && C == O.C && UMax == O.UMax &&
           UMin == O.UMin && MaybeKnown == O.MaybeKnown;
  case StackPtr:
    return Frame == O.Frame && Lo == O.Lo && Hi == O.Hi &&
           PathSplit == O.PathSplit;
  case OtherPtr:
    return Func == O.Func && ReadOnly == O.ReadOnly &&
           ScalarKsym == O.ScalarKsym;
  default:
    return true;
  }
}

AbsValue truncateTo(const AbsValue &V, unsigned Size) {
  if (Size >= 8)
    return V;
  uint64_t Mask = maskOf(Size);
  AbsValue R;
  if (V.K == AbsValue::Scalar && V.IsConst)
    R = AbsValue::constant(V.C & Mask);
  else if (V.K == AbsValue::Scalar && V.UMax <= Mask)
    R = V;
  else
    R = AbsValue::bounded(Mask);
  R.MaybeKnown = V.K == AbsValue::Scalar && V.MaybeKnown;
  R.Taint = V.Taint;
  if (!R.hasKnowledge(Size))
    R.Taint = 0;
  return R;
}

AbsValue joinValues(const AbsValue &A, const AbsValue &B, bool Widen) {
  if (A.K == AbsValue::Uninit)
    return B;
  if (B.K == AbsValue::Uninit)
    return A;
  AbsValue R;
  TaintSet T = A.Taint | B.Taint;
  if (A.K == AbsValue::Scalar && B.K == AbsValue::Scalar) {
    if (A.IsConst && B.IsConst && A.C == B.C) {
      R = A;
    } else {
      R = AbsValue::bounded(std::max(A.UMax, B.UMax));
      R.UMin = std::min(A.UMin, B.UMin);
      bool Grew = R.UMax != A.UMax || R.UMin != A.UMin || A.IsConst;
      if (Widen && Grew) {
        R.UMax = ~0ull;
        R.UMin = 0;
      }
      // On some path the verifier knew more than the joined bound.
      R.MaybeKnown = A.hasKnowledge() || B.hasKnowledge();
      R.MaybeKnown &= R.UMax == ~0ull || A.MaybeKnown || B.MaybeKnown ||
                      A.IsConst || B.IsConst;
    }
  } else if (A.K == AbsValue::StackPtr && B.K == AbsValue::StackPtr &&
             A.Frame == B.Frame) {
    R = A;
    R.Lo = std::min(A.Lo, B.Lo);
    R.Hi = std::max(A.Hi, B.Hi);
    R.PathSplit = A.PathSplit || B.PathSplit || A.Lo != B.Lo || A.Hi != B.Hi;
    if (Widen && (R.Lo != A.Lo || R.Hi != A.Hi)) {
      R.Lo = -int(bpf::FrameSize);
      R.Hi = 0;
    }
  } else if (A.K == AbsValue::OtherPtr && B.K == AbsValue::OtherPtr) {
    R = A;
    if (A.Func != B.Func)
      R.Func = 0;
    if (A.ReadOnly != B.ReadOnly)
      R.ReadOnly = 0;
    R.ScalarKsym = A.ScalarKsym && B.ScalarKsym;
  } else if (A.K == AbsValue::StackPtr || B.K == AbsValue::StackPtr ||
             A.K == AbsValue::MaybeStackPtr ||
             B.K == AbsValue::MaybeStackPtr) {
    R.K = AbsValue::MaybeStackPtr;
  } else {
    R = AbsValue::unknown();
    R.MaybeKnown = true; // a pointer on one path
  }
  R.Taint = T;
  return R.normalise();
}

Frame::Frame() {
  Bytes.fill(ByteKind::Invalid);
  Taint.fill(0);
}

bool Frame::byteKnown(unsigned I) const {
  switch (Bytes[I]) {
  case ByteKind::Zero:
  case ByteKind::Maybe:
    return true;
  case ByteKind::Spill:
    return Spilled[I / 8].hasKnowledge();
  default:
    return false;
  }
}

static ByteKind joinBytes(const Frame &FA, const Frame &FB, unsigned I) {
  ByteKind A = FA.Bytes[I], B = FB.Bytes[I];
  if (A == B)
    return A;
  if (FA.byteKnown(I) || FB.byteKnown(I))
    return ByteKind::Maybe;
  return ByteKind::Misc;
}

bool State::join(const State &O, bool Widen) {
  bool Changed = false;
  if (O.StackEscaped && !StackEscaped)
    StackEscaped = Changed = true;
  size_t N = std::min(Frames.size(), O.Frames.size());
  for (size_t F = 0; F < N; ++F) {
    Frame &A = Frames[F];
    const Frame &B = O.Frames[F];
    for (unsigned R = 0; R < 11; ++R) {
      AbsValue J = joinValues(A.Regs[R], B.Regs[R], Widen);
      if (J != A.Regs[R]) {
        A.Regs[R] = J;
        Changed = true;
      }
    }
    for (unsigned S = 0; S < bpf::FrameSize / 8; ++S) {
      AbsValue J = joinValues(A.Spilled[S], B.Spilled[S], Widen);
      // Bytes first: whether a byte is known depends on the spilled values.
      for (unsigned I = S * 8; I < S * 8 + 8; ++I) {
        ByteKind K = joinBytes(A, B, I);
        TaintSet T = A.Taint[I] | B.Taint[I];
        if (K != A.Bytes[I] || T != A.Taint[I]) {
          A.Bytes[I] = K;
          A.Taint[I] = T;
          Changed = true;
        }
      }
      if (J != A.Spilled[S]) {
        A.Spilled[S] = J;
        Changed = true;
      }
    }
  }
  return Changed;
}

ReadResult readStack(const Frame &F, int Lo, int Hi, unsigned Size,
                     bool PathSplit) {
  ReadResult R;
  R.Value = AbsValue::unknown();
  int Begin = Lo, End = Hi + int(Size);
  Begin = std::max(Begin, -int(bpf::FrameSize));
  End = std::min(End, 0);
  if (Begin >= End) {
    R.Value = AbsValue::bounded(maskOf(Size));
    return R;
  }
  TaintSet T = 0, KnownT = 0;
  bool AllZero = true, AnyMaybe = false, Possible = true, AllSpill = true;
  for (int Off = Begin; Off < End; ++Off) {
    unsigned I = Frame::index(Off);
    T |= F.Taint[I];
    if (F.byteKnown(I))
      KnownT |= F.Taint[I];
    ByteKind K = F.Bytes[I];
    AllZero &= K == ByteKind::Zero;
    AllSpill &= K == ByteKind::Spill;
    AnyMaybe |= K == ByteKind::Maybe;
    Possible &= K == ByteKind::Zero || K == ByteKind::Maybe ||
                K == ByteKind::Spill;
  }
  AbsValue V = AbsValue::bounded(maskOf(Size));
  if (Lo == Hi && Begin == Lo && End == Lo + int(Size)) {
    int Base = slotBase(Lo);
    unsigned Low = Frame::index(Base);
    const AbsValue &Spilled = F.Spilled[Low / 8];
    if (F.Bytes[Low] == ByteKind::Spill) {
      unsigned SpillSize = 0;
      while (SpillSize < 8 && F.Bytes[Low + SpillSize] == ByteKind::Spill)
        ++SpillSize;
      if (Size == 8 && SpillSize == 8)
        V = Spilled;
      else if (Size < 8 && Size <= SpillSize && Lo == Base)
        V = truncateTo(Spilled, Size);
      else if ((AllSpill && Spilled.K == AbsValue::Scalar && Spilled.IsConst &&
                Spilled.C == 0) ||
               AllZero)
        V = AbsValue::constant(0);
    } else if (AllZero) {
      V = AbsValue::constant(0);
    }
  } else if (AllZero) {
    V = AbsValue::constant(0); // a variable-offset read of zeros
  } else if (PathSplit && KnownT) {
    // Some path reads known bytes at a fixed offset.
    V = AbsValue::bounded(maskOf(Size));
    V.MaybeKnown = true;
    R.Value = V;
    R.Value.Taint = R.Taint = KnownT;
    return R;
  }
  if (!V.hasKnowledge(Size) && AnyMaybe && Possible) {
    V = AbsValue::bounded(maskOf(Size));
    V.MaybeKnown = true;
  }
  V.Taint = V.hasKnowledge(Size) ? (T | V.Taint) : 0;
  R.Value = V;
  R.Taint = V.Taint;
  return R;
}

/// A store that is not a spill into the slot holding byte I: a slot holding
/// a spilled register (its low byte is STACK_SPILL) is scrubbed, every byte
/// not STACK_INVALID turning STACK_MISC (scrub_spilled_slot()); stray spill
/// bytes of a narrower spill turn STACK_MISC too.
static void scrubSpill(Frame &F, unsigned I) {
  unsigned Low = I & ~7u;
  bool Special = F.Bytes[Low] == ByteKind::Spill;
  for (unsigned J = Low; J < Low + 8; ++J)
    if (F.Bytes[J] == ByteKind::Spill ||
        (Special && F.Bytes[J] != ByteKind::Invalid))
      F.Bytes[J] = ByteKind::Misc;
}

void writeStack(Frame &F, int Lo, int Hi, unsigned Size, const AbsValue &V,
                bool IsImm, bool PathSplit) {
  bool Zero = V.K == AbsValue::Scalar && V.IsConst && V.C == 0;
  if (Lo != Hi && PathSplit) {
    // One of the offsets is written on each path: a byte keeps its old state
    // on the paths that write elsewhere.
    int Begin = std::max(Lo, -int(bpf::FrameSize));
    int End = std::min(Hi + int(Size), 0);
    for (int Off = Begin; Off < End; ++Off) {
      unsigned I = Frame::index(Off);
      bool Known = F.byteKnown(I);
      if (Zero && F.Bytes[I] == ByteKind::Zero)
        F.Taint[I] |= V.Taint;
      else
        F.Bytes[I] = Known || V.hasKnowledge() ? ByteKind::Maybe
                                               : ByteKind::Misc;
      if (V.hasKnowledge())
        F.Taint[I] |= V.Taint;
    }
    return;
  }
  if (Lo != Hi) {
    int Begin = std::max(Lo, -int(bpf::FrameSize));
    int End = std::min(Hi + int(Size), 0);
    for (int Off = Begin; Off < End; ++Off) {
      unsigned I = Frame::index(Off);
      scrubSpill(F, I);
      ByteKind &K = F.Bytes[I];
      if (Zero && (K == ByteKind::Zero || K == ByteKind::Maybe))
        F.Taint[I] |= V.Taint;
      else
        K = ByteKind::Misc;
    }
    return;
  }
  if (!inFrame(Lo, Lo + int(Size)))
    return; // the verifier rejects it
  int Base = slotBase(Lo);
  unsigned Low = Frame::index(Base);
  bool Aligned = Lo == Base && Lo + int(Size) <= Base + 8;
  if (Aligned && (IsImm || V.K != AbsValue::Uninit) &&
      (V.K == AbsValue::Scalar || Size == 8)) {
    // A spill: the register (or the immediate) goes to the slot.
    for (unsigned J = Low; J < Low + 8; ++J) {
      if (J < Low + Size) {
        F.Bytes[J] = ByteKind::Spill;
        F.Taint[J] = V.hasKnowledge() ? V.Taint : 0;
      } else if (F.Bytes[J] == ByteKind::Spill) {
        F.Bytes[J] = ByteKind::Misc;
      }
    }
    F.Spilled[Low / 8] = V;
    return;
  }
  unsigned First = Frame::index(Lo);
  scrubSpill(F, First);
  for (unsigned J = First; J < First + Size && J < bpf::FrameSize; ++J) {
    F.Bytes[J] = Zero ? ByteKind::Zero : ByteKind::Misc;
    F.Taint[J] = Zero ? V.Taint : 0;
  }
}

void clobberStack(Frame &F, int Begin, int End) {
  Begin = std::max(Begin, -int(bpf::FrameSize));
  End = std::min(End, 0);
  for (int Off = Begin; Off < End; ++Off) {
    unsigned I = Frame::index(Off);
    scrubSpill(F, I);
    F.Bytes[I] = ByteKind::Misc;
    F.Taint[I] = 0;
  }
}

} // namespace check
} // namespace helperguard
