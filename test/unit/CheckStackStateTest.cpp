//===- CheckStackStateTest.cpp - The checker's model of verifier stack slots ===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The fill rules of kernel/bpf/verifier.c (6.10+) the checker relies on, as
// FACTS.md records them, and the decoder of raw instructions.
//
//===----------------------------------------------------------------------===//

#include "BpfInsn.h"
#include "StackState.h"

#include "gtest/gtest.h"

using namespace helperguard::check;

namespace {

AbsValue read(const Frame &F, int Off, unsigned Size) {
  return readStack(F, Off, Off, Size).Value;
}

TEST(CheckStackState, ZeroBytesReadAsZero) {
  Frame F;
  writeStack(F, -16, -16, 8, AbsValue::constant(0), /*IsImm=*/false);
  // An 8-aligned register store is a spill of the zero register...
  EXPECT_EQ(F.Bytes[Frame::index(-16)], ByteKind::Spill);
  AbsValue V = read(F, -16, 8);
  EXPECT_TRUE(V.IsConst);
  EXPECT_EQ(V.C, 0u);
  // ...and a narrow fill elsewhere in it reads zeros: every byte is a
  // spilled zero.
  V = read(F, -12, 4);
  EXPECT_TRUE(V.IsConst);
  EXPECT_EQ(V.C, 0u);
  // A misaligned store of zero makes STACK_ZERO bytes.
  writeStack(F, -31, -31, 1, AbsValue::constant(0), false);
  EXPECT_EQ(F.Bytes[Frame::index(-31)], ByteKind::Zero);
  EXPECT_TRUE(read(F, -31, 1).IsConst);
}

TEST(CheckStackState, NarrowFillAtTheSpillsLowAddressTruncates) {
  Frame F;
  writeStack(F, -8, -8, 8, AbsValue::constant(0x1122334455667788ull), false);
  AbsValue V = read(F, -8, 2);
  ASSERT_TRUE(V.IsConst);
  EXPECT_EQ(V.C, 0x7788u);
  // A bound narrower than the fill survives it.
  writeStack(F, -24, -24, 8, AbsValue::bounded(200), false);
  V = read(F, -24, 1);
  EXPECT_FALSE(V.IsConst);
  EXPECT_EQ(V.UMax, 200u);
  EXPECT_TRUE(V.hasKnowledge(1));
}

TEST(CheckStackState, FillAtAnotherOffsetIsUnknownUnlessAllZero) {
  Frame F;
  writeStack(F, -8, -8, 8, AbsValue::constant(0x1122334455667788ull), false);
  AbsValue V = read(F, -4, 4);
  EXPECT_FALSE(V.hasKnowledge(4));
  // A fill wider than a narrow spill is unknown too.
  writeStack(F, -16, -16, 4, AbsValue::constant(7), true);
  EXPECT_EQ(F.Bytes[Frame::index(-12)], ByteKind::Invalid);
  V = read(F, -16, 4);
  EXPECT_TRUE(V.IsConst);
  EXPECT_EQ(V.C, 7u);
  EXPECT_FALSE(read(F, -16, 8).hasKnowledge(8));
}

TEST(CheckStackState, MiscAndInvalidBytesGiveNothing) {
  Frame F;
  EXPECT_FALSE(read(F, -8, 8).hasKnowledge(8)); // STACK_INVALID
  writeStack(F, -7, -7, 1, AbsValue::unknown(), false);
  EXPECT_EQ(F.Bytes[Frame::index(-7)], ByteKind::Misc);
  EXPECT_FALSE(read(F, -7, 1).hasKnowledge(1));
}

TEST(CheckStackState, TaintFollowsKnowledgeOnly) {
  Frame F;
  writeStack(F, -16, -16, 8, AbsValue::constant(0), false);
  writeStack(F, -8, -8, 8, AbsValue::unknown(), false);
  for (int Off = -16; Off < 0; ++Off)
    F.Taint[Frame::index(Off)] |= 1; // a stale helper write
  EXPECT_EQ(readStack(F, -16, -16, 8).Taint, 1u); // believed zero: tainted
  EXPECT_EQ(readStack(F, -8, -8, 8).Taint, 0u);   // unknown: no belief
  // A store overwrites the stale bytes: the belief is true again.
  writeStack(F, -16, -16, 8, AbsValue::constant(5), false);
  EXPECT_EQ(readStack(F, -16, -16, 8).Taint, 0u);
}

TEST(CheckStackState, JoinKeepsMaybeKnown) {
  State A, B;
  A.Frames.emplace_back();
  B.Frames.emplace_back();
  writeStack(A.top(), -8, -8, 1, AbsValue::constant(0), false);
  writeStack(B.top(), -8, -8, 1, AbsValue::unknown(), false);
  A.top().Bytes[Frame::index(-7)] = ByteKind::Zero;
  B.top().Bytes[Frame::index(-7)] = ByteKind::Misc;
  EXPECT_TRUE(A.join(B, false));
  EXPECT_EQ(A.top().Bytes[Frame::index(-7)], ByteKind::Maybe);
  A.top().Taint[Frame::index(-7)] = 2;
  ReadResult R = readStack(A.top(), -7, -7, 1);
  EXPECT_TRUE(R.Value.hasKnowledge(1));
  EXPECT_EQ(R.Taint, 2u);
}

TEST(CheckDecoder, DecodesAndRejects) {
  // r1 = r10; r1 += -16; call 165; exit.
  const uint8_t Code[] = {0xbf, 0xa1, 0, 0, 0, 0, 0, 0,
                          0x07, 0x01, 0, 0, 0xf0, 0xff, 0xff, 0xff,
                          0x85, 0x00, 0, 0, 165, 0, 0, 0,
                          0x95, 0x00, 0, 0, 0, 0, 0, 0};
  llvm::Expected<std::vector<Insn>> Insns = decodeInsns(Code);
  ASSERT_TRUE(bool(Insns));
  ASSERT_EQ(Insns->size(), 4u);
  EXPECT_EQ((*Insns)[0].Dst, 1);
  EXPECT_EQ((*Insns)[0].Src, 10);
  EXPECT_EQ((*Insns)[1].Imm, -16);
  EXPECT_TRUE((*Insns)[2].isHelperCall());
  EXPECT_EQ((*Insns)[2].Imm, 165);
  EXPECT_TRUE((*Insns)[3].isExit());

  llvm::Expected<std::vector<Insn>> Odd =
      decodeInsns(llvm::ArrayRef<uint8_t>(Code, 12));
  EXPECT_FALSE(bool(Odd));
  llvm::consumeError(Odd.takeError());
  // A 16-byte load cut off at the end.
  const uint8_t Cut[] = {0x18, 0x01, 0, 0, 1, 0, 0, 0};
  llvm::Expected<std::vector<Insn>> C = decodeInsns(Cut);
  EXPECT_FALSE(bool(C));
  llvm::consumeError(C.takeError());
  // A 16-byte load into r13 (found by hg-fuzz-check).
  const uint8_t R13[] = {0x18, 0x0d, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  llvm::Expected<std::vector<Insn>> R = decodeInsns(R13);
  EXPECT_FALSE(bool(R));
  llvm::consumeError(R.takeError());
}

} // namespace
