//===- AvailabilityChecker.cpp - Calls a targeted kernel refuses ----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides which helper and known kfunc calls of an object a targeted
// kernel refuses (a kfunc: the kernel does not export it), and
// which of them the code guards with a CO-RE existence check
// (AvailabilityChecker.h). Reads .BTF.ext's CO-RE relocation records
// itself: BpfObject reads only the line information.
//
//===----------------------------------------------------------------------===//

#include "AvailabilityChecker.h"
#include "CheckReport.h"

#include "helperguard/Availability.h"
#include "helperguard/KfuncAvailability.h"
#include "helperguard/LLVMCompat.h"
#include "helperguard/ReadOnlyArgs.h"

#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"

#include <map>

using namespace llvm;

namespace helperguard {
namespace check {

namespace {

enum class GuardKind { None, HelperId, Feature };

/// CO-RE existence relocations: ELF section name -> instruction index ->
/// what the check proves.
using CoreGuards = std::map<std::string, std::map<size_t, GuardKind>>;

struct Bytes {
  ArrayRef<uint8_t> Data;
  bool BE = false;
  bool has(uint64_t Off, uint64_t N) const {
    return Off <= Data.size() && Data.size() - Off >= N;
  }
  uint32_t u32(uint64_t Off) const {
    return BE ? support::endian::read32be(Data.data() + Off)
              : support::endian::read32le(Data.data() + Off);
  }
  uint16_t u16(uint64_t Off) const {
    return BE ? support::endian::read16be(Data.data() + Off)
              : support::endian::read16le(Data.data() + Off);
  }
};

/// The name of BTF type Id (through modifiers and typedefs: none needed for
/// an enum), or "" when it cannot be read.
std::string btfTypeName(const Bytes &BTF, uint32_t Id) {
  if (!BTF.has(0, 24) || BTF.u16(0) != 0xeB9F)
    return "";
  uint32_t HdrLen = BTF.u32(4), TypeOff = BTF.u32(8), TypeLen = BTF.u32(12),
           StrOff = BTF.u32(16), StrLen = BTF.u32(20);
  uint64_t T = HdrLen + uint64_t(TypeOff), TEnd = T + TypeLen;
  uint64_t S = HdrLen + uint64_t(StrOff);
  if (!BTF.has(T, TypeLen) || !BTF.has(S, StrLen))
    return "";
  for (uint32_t Cur = 1; T + 12 <= TEnd; ++Cur) {
    uint32_t NameOff = BTF.u32(T), Info = BTF.u32(T + 4);
    unsigned Kind = (Info >> 24) & 0x1f, VLen = Info & 0xffff;
    if (Cur == Id) {
      if (NameOff >= StrLen)
        return "";
      const char *P = reinterpret_cast<const char *>(BTF.Data.data() + S) + NameOff;
      return std::string(P, strnlen(P, StrLen - NameOff));
    }
    uint64_t Extra = 0;
    switch (Kind) {
    case 3: Extra = 12; break;                 // array
    case 4: case 5: Extra = 12ull * VLen; break; // struct, union
    case 6: Extra = 8ull * VLen; break;        // enum
    case 13: Extra = 8ull * VLen; break;       // func_proto
    case 14: Extra = 4; break;                 // var
    case 15: Extra = 12ull * VLen; break;      // datasec
    case 1: Extra = 4; break;                  // int
    case 17: Extra = 4; break;                 // decl_tag
    case 19: Extra = 12ull * VLen; break;      // enum64
    default: break;
    }
    T += 12 + Extra;
  }
  return "";
}

template <class ELFT> CoreGuards readCoreGuards(StringRef Elf, bool BE) {
  CoreGuards Out;
  Expected<object::ELFFile<ELFT>> F = object::ELFFile<ELFT>::create(Elf);
  if (!F) {
    consumeError(F.takeError());
    return Out;
  }
  auto Sections = F->sections();
  if (!Sections) {
    consumeError(Sections.takeError());
    return Out;
  }
  Bytes BTF, Ext;
  BTF.BE = Ext.BE = BE;
  for (const auto &Sec : *Sections) {
    Expected<StringRef> Name = F->getSectionName(Sec);
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (*Name != ".BTF" && *Name != ".BTF.ext")
      continue;
    Expected<ArrayRef<uint8_t>> C = F->getSectionContents(Sec);
    if (!C) {
      consumeError(C.takeError());
      continue;
    }
    (*Name == ".BTF" ? BTF : Ext).Data = *C;
  }
  // .BTF.ext: magic, version, flags, hdr_len, func_info off/len, line_info
  // off/len, core_relo off/len (hdr_len >= 32).
  if (!Ext.has(0, 32) || Ext.u16(0) != 0xeB9F || Ext.u32(4) < 32 ||
      !BTF.has(0, 24))
    return Out;
  uint32_t HdrLen = Ext.u32(4), RelOff = Ext.u32(24), RelLen = Ext.u32(28);
  uint64_t P = HdrLen + uint64_t(RelOff), End = P + RelLen;
  if (RelLen < 4 || !Ext.has(P, RelLen))
    return Out;
  uint32_t RecSize = Ext.u32(P);
  P += 4;
  uint32_t StrOff = BTF.u32(16), StrLen = BTF.u32(20);
  uint64_t S = BTF.u32(4) + uint64_t(StrOff);
  if (RecSize < 16 || !BTF.has(S, StrLen))
    return Out;
  while (P + 8 <= End) {
    uint32_t SecNameOff = Ext.u32(P), N = Ext.u32(P + 4);
    P += 8;
    if (SecNameOff >= StrLen || uint64_t(N) * RecSize > End - P)
      break;
    const char *SN = reinterpret_cast<const char *>(BTF.Data.data() + S) + SecNameOff;
    std::string SecName(SN, strnlen(SN, StrLen - SecNameOff));
    for (uint32_t I = 0; I < N; ++I, P += RecSize) {
      uint32_t InsnOff = Ext.u32(P), TypeId = Ext.u32(P + 4),
               Kind = Ext.u32(P + 12);
      GuardKind G = GuardKind::None;
      if (Kind == 10) // BPF_CORE_ENUMVAL_EXISTS
        G = btfTypeName(BTF, TypeId) == "bpf_func_id" ? GuardKind::HelperId
                                                     : GuardKind::Feature;
      else if (Kind == 2 || Kind == 8 || Kind == 12) // field, type, match
        G = GuardKind::Feature;
      if (G != GuardKind::None)
        Out[SecName][InsnOff / 8] = G;
    }
  }
  return Out;
}

/// The strongest existence check before the call at Loc in its function,
/// with a conditional jump between the check and the call.
GuardKind guardOf(const BpfObject &Obj, const CoreGuards &Guards,
                  InsnLoc Loc) {
  const BpfFunction *Fn = Obj.functionAt(Loc.first, Loc.second);
  if (!Fn)
    return GuardKind::None;
  const CodeSection &Sec = Obj.Sections[Loc.first];
  auto It = Guards.find(Sec.Name);
  GuardKind Best = GuardKind::None;
  bool JumpSeen = false;
  for (size_t I = Loc.second; I-- > Fn->Start;) {
    if (Sec.Insns[I].isBranch() && Sec.Insns[I].op() != bpf::JA)
      JumpSeen = true;
    if (!JumpSeen)
      continue;
    GuardKind G = GuardKind::None;
    if (It != Guards.end()) {
      auto GIt = It->second.find(I);
      if (GIt != It->second.end())
        G = GIt->second;
    }
    if (Sec.Insns[I].isLdImm64()) {
      // bpf_ksym_exists(): &extern != NULL; or a __kconfig extern (the
      // CONFIG_* and LINUX_* names) that is a feature check.
      auto R = Sec.Relocs.find(I);
      if (R != Sec.Relocs.end() && R->second.SymbolSection == 0 &&
          !R->second.SymbolIsSection) {
        StringRef Name = R->second.Symbol;
        bool Kconfig = compat::startsWith(Name, "CONFIG_") ||
                       compat::startsWith(Name, "LINUX_");
        if (!Kconfig || kconfigIsFeatureCheck(Name))
          G = GuardKind::Feature;
      }
    }
    if (G > Best)
      Best = G;
  }
  return Best;
}

/// The read-only memory V's call passes where a targeted kernel's prototype
/// refuses it (ReadOnlyArgs.h), on kernels not already refusing the call.
void readOnlyFindings(const HelperDB &DB, const Helper &H,
                      const CallVerdict &V,
                      ArrayRef<AvailabilityProblem> Refused,
                      const KernelSet &Targets,
                      std::vector<PortabilityFinding> &Out) {
  std::vector<std::string> Types;
  for (const std::string &T : V.ProgTypes)
    if (T != "any")
      Types.push_back(T);
  if (Types.size() != V.ProgTypes.size())
    Types.clear(); // some program type unknown: every prototype may apply
  for (const auto &[ArgNo, Kind] : V.ReadOnlyArgs) {
    auto M = ReadOnlyMemory(Kind - 1);
    KernelSet K = readOnlyRefusedKernels(DB, H, Types, ArgNo, M, Targets);
    for (const AvailabilityProblem &P : Refused)
      K = K.subtract(P.Kernels);
    if (!K.empty())
      Out.push_back(
          {V.Loc, H.Name, describeReadOnlyProblem(H, ArgNo, M, K), K});
  }
}

} // namespace

std::vector<PortabilityFinding>
checkAvailability(StringRef Elf, const BpfObject &Obj, const CheckResult &R,
                  const HelperDB &DB, const KernelSet &Targets) {
  std::vector<PortabilityFinding> Out;
  CoreGuards Guards =
      Obj.BigEndian ? readCoreGuards<object::ELF64BE>(Elf, true)
                    : readCoreGuards<object::ELF64LE>(Elf, false);
  for (const CallVerdict &V : R.Calls) {
    if (V.IsKfunc) {
      // The hazard checker records every call of a kfunc the database
      // knows; an unknown kfunc is never judged.
      const Kfunc *K = DB.kfunc(V.Name);
      if (!K)
        continue;
      KernelSet Missing = missingKfuncKernels(DB, *K, Targets);
      if (Missing.empty() || guardOf(Obj, Guards, V.Loc) == GuardKind::Feature)
        continue;
      Out.push_back(
          {V.Loc, K->Name, describeMissingKfunc(*K, Missing), Missing});
      continue;
    }
    const Helper *H = DB.helper(V.HelperId);
    if (!H)
      continue;
    std::vector<std::string> Types;
    for (const std::string &T : V.ProgTypes)
      Types.push_back(T == "any" ? "*" : T);
    std::vector<AvailabilityProblem> Problems =
        availabilityProblems(DB, *H, Types, Targets);
    readOnlyFindings(DB, *H, V, Problems, Targets, Out);
    if (Problems.empty())
      continue;
    GuardKind G = guardOf(Obj, Guards, V.Loc);
    for (const AvailabilityProblem &P : Problems) {
      if (G == GuardKind::Feature ||
          (G == GuardKind::HelperId &&
           P.Kind == AvailabilityProblemKind::NoHelper))
        continue;
      Out.push_back({V.Loc, H->Name, describeAvailabilityProblem(*H, P),
                     P.Kernels});
    }
  }
  return Out;
}

json::Array portabilityJson(const BpfObject &Obj,
                            const std::vector<PortabilityFinding> &F) {
  json::Array Out;
  for (const PortabilityFinding &P : F)
    Out.push_back(json::Object{{"location", locationText(Obj, P.Loc)},
                               {"helper", P.Helper},
                               {"kernels", P.Kernels.str()},
                               {"message", P.Message}});
  return Out;
}

} // namespace check
} // namespace helperguard
