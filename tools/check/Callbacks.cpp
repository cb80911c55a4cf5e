//===- Callbacks.cpp - Helpers that call a subprogram back ----------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "Callbacks.h"

namespace helperguard {
namespace check {

namespace {
using A = CallbackArg;
const CallbackHelper Table[] = {
    {164, 2, false, {A::Pointer, A::Pointer, A::Pointer, A::Caller3, A::None}},
    {170, 2, true, {A::Pointer, A::Pointer, A::Pointer, A::None, A::None}},
    {180, 3, false, {A::Pointer, A::Pointer, A::Caller4, A::None, A::None}},
    {181, 2, false, {A::Scalar, A::Caller3, A::None, A::None, A::None}},
    {209, 2, false, {A::Pointer, A::Caller3, A::None, A::None, A::None}},
};
} // namespace

const CallbackHelper *callbackHelper(unsigned Id) {
  for (const CallbackHelper &H : Table)
    if (H.Id == Id)
      return &H;
  return nullptr;
}

std::optional<std::pair<unsigned, size_t>>
funcAddress(const BpfObject &Obj, unsigned Sec, size_t Idx) {
  const CodeSection &C = Obj.Sections[Sec];
  const Insn &I = C.Insns[Idx];
  if (!I.isLdImm64())
    return std::nullopt;
  auto R = C.Relocs.find(Idx);
  if (R == C.Relocs.end()) {
    if (I.Src != bpf::PseudoFunc)
      return std::nullopt;
    int64_t T = int64_t(Idx) + 1 + I.Imm;
    if (T < 0 || size_t(T) >= C.Insns.size())
      return std::nullopt;
    return std::make_pair(Sec, size_t(T));
  }
  unsigned TSec;
  if (!R->second.SymbolSection ||
      !Obj.sectionByElfIndex(R->second.SymbolSection, &TSec))
    return std::nullopt; // data (maps, .rodata) or an extern
  int64_t Off = int64_t(R->second.SymbolValue) + I.Imm;
  if (Off < 0 || Off % 8 || size_t(Off / 8) >= Obj.Sections[TSec].Insns.size())
    return std::nullopt;
  return std::make_pair(TSec, size_t(Off / 8));
}

} // namespace check
} // namespace helperguard
