//===- BpfInsn.h - Decoded eBPF instructions --------------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// One eBPF instruction as the kernel's struct bpf_insn spells it (little-
// endian: code, dst_reg:4 | src_reg:4, off, imm), and the classes, sizes and
// operations the checker needs. A 16-byte BPF_LD | BPF_IMM | BPF_DW takes two
// slots; its second half is marked so that no one jumps into it.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_BPFINSN_H
#define HELPERGUARD_CHECK_BPFINSN_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace helperguard {
namespace check {

namespace bpf {
// Instruction classes (code & 0x07).
enum : uint8_t {
  LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03,
  ALU = 0x04, JMP = 0x05, JMP32 = 0x06, ALU64 = 0x07,
};
// Sizes (code & 0x18) and modes (code & 0xe0) of loads and stores.
enum : uint8_t { W = 0x00, H = 0x08, B = 0x10, DW = 0x18 };
enum : uint8_t {
  IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, MEMSX = 0x80, ATOMIC = 0xc0,
};
// ALU and jump operations (code & 0xf0); source (code & 0x08).
enum : uint8_t {
  ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50,
  LSH = 0x60, RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, MOV = 0xb0,
  ARSH = 0xc0, END = 0xd0,
};
enum : uint8_t {
  JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40, JNE = 0x50,
  JSGT = 0x60, JSGE = 0x70, CALL = 0x80, EXIT = 0x90, JLT = 0xa0, JLE = 0xb0,
  JSLT = 0xc0, JSLE = 0xd0,
};
enum : uint8_t { K = 0x00, X = 0x08 };
// src_reg of a call: helper, bpf-to-bpf call, kfunc.
enum : uint8_t { HelperCall = 0, PseudoCall = 1, KfuncCall = 2 };
// src_reg of a 16-byte load of an immediate that is a subprogram address.
enum : uint8_t { PseudoFunc = 4 };
constexpr unsigned FrameSize = 512; // MAX_BPF_STACK
constexpr unsigned MaxCallFrames = 8;
} // namespace bpf

struct Insn {
  uint8_t Code = 0;
  uint8_t Dst = 0, Src = 0;
  int16_t Off = 0;
  int32_t Imm = 0;
  /// For the first slot of a 16-byte load: the 64-bit immediate.
  uint64_t Imm64 = 0;
  /// The second slot of a 16-byte load (not an instruction of its own).
  bool IsSecondHalf = false;

  uint8_t cls() const { return Code & 0x07; }
  uint8_t op() const { return Code & 0xf0; }
  uint8_t srcBit() const { return Code & 0x08; }
  uint8_t mode() const { return Code & 0xe0; }
  /// Access size in bytes of a load or store.
  unsigned accessSize() const {
    switch (Code & 0x18) {
    case bpf::B: return 1;
    case bpf::H: return 2;
    case bpf::W: return 4;
    default: return 8;
    }
  }
  bool isLdImm64() const { return Code == (bpf::LD | bpf::IMM | bpf::DW); }
  bool isJmp() const { return cls() == bpf::JMP || cls() == bpf::JMP32; }
  bool isCall() const { return cls() == bpf::JMP && op() == bpf::CALL; }
  bool isExit() const { return cls() == bpf::JMP && op() == bpf::EXIT; }
  bool isHelperCall() const { return isCall() && Src == bpf::HelperCall; }
  bool isPseudoCall() const { return isCall() && Src == bpf::PseudoCall; }
  bool isKfuncCall() const { return isCall() && Src == bpf::KfuncCall; }
  /// A conditional or unconditional jump (not call, not exit).
  bool isBranch() const { return isJmp() && !isCall() && !isExit(); }
  bool isUncondJump() const { return isBranch() && op() == bpf::JA; }
  /// The target index of a branch at index Idx (JMP32 JA uses imm).
  int64_t branchTarget(size_t Idx) const {
    if (cls() == bpf::JMP32 && op() == bpf::JA)
      return int64_t(Idx) + 1 + Imm;
    return int64_t(Idx) + 1 + Off;
  }
};

/// Decodes the instructions of a little-endian (or, with BigEndian, a
/// big-endian) code section. Errors: a size that is not a multiple of 8, a
/// 16-byte load cut off at the end, register numbers above 10.
llvm::Expected<std::vector<Insn>> decodeInsns(llvm::ArrayRef<uint8_t> Bytes,
                                              bool BigEndian = false);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_BPFINSN_H
