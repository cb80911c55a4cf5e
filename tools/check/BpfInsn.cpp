//===- BpfInsn.cpp - Decoded eBPF instructions ----------------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "BpfInsn.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace helperguard {
namespace check {

Expected<std::vector<Insn>> decodeInsns(ArrayRef<uint8_t> Bytes,
                                        bool BigEndian) {
  if (Bytes.size() % 8)
    return createStringError(inconvertibleErrorCode(),
                             "code size %zu is not a multiple of 8",
                             Bytes.size());
  std::vector<Insn> Out(Bytes.size() / 8);
  auto Read16 = [&](const uint8_t *P) {
    return BigEndian ? support::endian::read16be(P)
                     : support::endian::read16le(P);
  };
  auto Read32 = [&](const uint8_t *P) {
    return BigEndian ? support::endian::read32be(P)
                     : support::endian::read32le(P);
  };
  for (size_t I = 0; I < Out.size(); ++I) {
    const uint8_t *P = Bytes.data() + 8 * I;
    Insn &N = Out[I];
    N.Code = P[0];
    // The register nibbles swap places in big-endian objects.
    N.Dst = BigEndian ? P[1] >> 4 : P[1] & 0xf;
    N.Src = BigEndian ? P[1] & 0xf : P[1] >> 4;
    N.Off = int16_t(Read16(P + 2));
    N.Imm = int32_t(Read32(P + 4));
    if (N.Dst > 10 || N.Src > 10)
      return createStringError(inconvertibleErrorCode(),
                               "instruction %zu: register number out of range "
                               "(code 0x%02x)",
                               I, unsigned(N.Code));
    if (N.isLdImm64()) {
      if (I + 1 >= Out.size())
        return createStringError(
            inconvertibleErrorCode(),
            "instruction %zu: 16-byte load cut off at the end of the code", I);
      uint32_t Hi = Read32(P + 12);
      N.Imm64 = (uint64_t(Hi) << 32) | uint32_t(N.Imm);
      Out[I + 1].IsSecondHalf = true;
      Out[I + 1].Code = P[8];
      ++I;
      continue;
    }
  }
  return Out;
}

} // namespace check
} // namespace helperguard
