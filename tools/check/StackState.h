//===- StackState.h - What the verifier believes about registers and stack -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The abstract state of the checker at one instruction: per call frame the
// registers and the 512 stack bytes, as the Linux verifier tracks them
// (kernel/bpf/verifier.c, 6.10 and later):
//
//   byte kinds  Invalid (STACK_INVALID: never written; reading it gives an
//               unknown value, never a hazard), Zero (STACK_ZERO), Misc
//               (STACK_MISC: written, unknown), Spill (part of a register
//               spilled to its 8-byte slot; the slot keeps the register's
//               value), and Maybe: a join of paths on which the byte was
//               Zero or a known spill on one and something else on another.
//   values      uninitialised, scalars (a constant, or bounds [UMin, UMax]),
//               pointers into a stack frame with an offset range, other
//               pointers (context, maps, packets, the address of a
//               subprogram), and "maybe a stack pointer" when paths
//               disagree.
//
// Stores follow check_stack_write_fixed_off(): an 8-aligned store of a scalar
// register or an immediate is a spill of the given size (the rest of the
// slot turns Misc, Zero and Invalid stay); a store of zero elsewhere makes
// Zero bytes; anything else Misc. Loads follow check_stack_read_fixed_off():
// a fill at the spill's low address no wider than the spill gives the
// spilled value truncated to the fill's width; any other read gives zero
// when every byte read is Zero (or all are a spilled zero), else unknown.
//
// Every byte and every value also carries a taint: the set of stale helper
// arguments (numbered per program, bit N for the N-th; the 64th and later
// share bit 63) whose write the verifier did not see there. A tainted value
// with knowledge (a constant, a bound narrower than its width, a pointer) is
// a value the verifier believes and the program may not hold at run time.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_STACKSTATE_H
#define HELPERGUARD_CHECK_STACKSTATE_H

#include "BpfInsn.h"

#include <array>
#include <cstdint>
#include <vector>

namespace helperguard {
namespace check {

using TaintSet = uint64_t;

struct AbsValue {
  enum Kind : uint8_t { Uninit, Scalar, StackPtr, MaybeStackPtr, OtherPtr };
  Kind K = Uninit;
  bool IsConst = false;    ///< Scalar: exactly C
  uint64_t C = 0;
  uint64_t UMax = ~0ull;   ///< Scalar: value in [UMin, UMax] (~0 = unknown)
  uint64_t UMin = 0;       ///< Scalar: from constants added (a base offset)
  uint8_t Frame = 0;       ///< StackPtr: the frame it points into
  int32_t Lo = 0, Hi = 0;  ///< StackPtr: offset from the frame's r10
  /// StackPtr: the range joins paths on each of which the verifier has an
  /// exact offset (a loop counter, two branches), not one variable offset.
  bool PathSplit = false;
  /// Scalar: paths disagree and on some of them the verifier knows more
  /// than the bound says (a join of a constant with an unknown value).
  bool MaybeKnown = false;
  /// OtherPtr: the address of code, (section << 32 | instruction) + 1, or 0
  /// (a callback that bpf_loop and the like call).
  uint64_t Func = 0;
  /// OtherPtr: read-only memory the verifier refuses where a prototype
  /// does not take it (helperguard/ReadOnlyArgs.h): 0 not read-only, else
  /// 1 + the ReadOnlyMemory kind.
  uint8_t ReadOnly = 0;
  /// OtherPtr: the address of a ksym whose type is not a struct
  /// (BpfObject::ScalarKsyms): a per-CPU pointer to it is read-only memory.
  bool ScalarKsym = false;
  TaintSet Taint = 0;

  static AbsValue unknown() {
    AbsValue V;
    V.K = Scalar;
    return V;
  }
  static AbsValue constant(uint64_t C) {
    AbsValue V;
    V.K = Scalar;
    V.IsConst = true;
    V.C = V.UMax = V.UMin = C;
    return V;
  }
  static AbsValue bounded(uint64_t UMax) {
    AbsValue V;
    V.K = Scalar;
    V.UMax = UMax;
    return V;
  }
  static AbsValue stackPtr(unsigned Frame, int32_t Lo, int32_t Hi) {
    AbsValue V;
    V.K = StackPtr;
    V.Frame = uint8_t(Frame);
    V.Lo = Lo;
    V.Hi = Hi;
    return V;
  }
  static AbsValue otherPtr() {
    AbsValue V;
    V.K = OtherPtr;
    return V;
  }
  bool isScalar() const { return K == Scalar; }
  bool isPointer() const { return K == StackPtr || K == OtherPtr; }
  /// Whether the verifier knows more of it than "any value of Width bytes".
  bool hasKnowledge(unsigned Width = 8) const;
  /// Drops the taint where there is no knowledge to taint.
  AbsValue &normalise();
  bool operator==(const AbsValue &O) const;
  bool operator!=(const AbsValue &O) const { return !(*this == O); }
};

/// The value a 1-, 2-, 4- or 8-byte read gives for V (truncation).
AbsValue truncateTo(const AbsValue &V, unsigned Size);
/// The join of two paths' values; Widen gives up on growing bounds.
AbsValue joinValues(const AbsValue &A, const AbsValue &B, bool Widen);

enum class ByteKind : uint8_t { Invalid, Zero, Misc, Spill, Maybe };

struct Frame {
  std::array<AbsValue, 11> Regs;
  std::array<ByteKind, bpf::FrameSize> Bytes;
  std::array<TaintSet, bpf::FrameSize> Taint;
  std::array<AbsValue, bpf::FrameSize / 8> Spilled; ///< per slot

  Frame();
  /// Byte index of stack offset Off (-512..-1).
  static unsigned index(int Off) { return unsigned(Off + int(bpf::FrameSize)); }
  /// Whether byte I may hold knowledge (Zero, Maybe, a known spill).
  bool byteKnown(unsigned I) const;
};

struct State {
  std::vector<Frame> Frames;
  /// A stack pointer was stored outside the stack: pointers loaded back
  /// from memory may point into it.
  bool StackEscaped = false;

  Frame &top() { return Frames.back(); }
  const Frame &top() const { return Frames.back(); }
  /// Joins O into this; returns whether this changed.
  bool join(const State &O, bool Widen);
};

/// The result of a stack read: the value the verifier gives the register.
struct ReadResult {
  AbsValue Value;
  /// The taint of the bytes read when the value carries knowledge.
  TaintSet Taint = 0;
};

/// A load of Size bytes at [Lo, Hi] (Hi > Lo: a variable offset) of F.
/// PathSplit: the offset is exact on every path (the verifier reads with a
/// fixed offset on each); then any known byte of the range may be read.
ReadResult readStack(const Frame &F, int Lo, int Hi, unsigned Size,
                     bool PathSplit = false);
/// A store of Size bytes of V at [Lo, Hi] of F. IsImm: BPF_ST (immediate).
/// PathSplit as for readStack: each byte of the range may keep its state.
void writeStack(Frame &F, int Lo, int Hi, unsigned Size, const AbsValue &V,
                bool IsImm, bool PathSplit = false);
/// The verifier forgets bytes [Begin, End) of F (a declared helper write).
void clobberStack(Frame &F, int Begin, int End);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_STACKSTATE_H
