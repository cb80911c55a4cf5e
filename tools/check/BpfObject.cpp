//===- BpfObject.cpp - A relocatable BPF ELF object -----------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Uses llvm::object::ELFFile, whose accessors all return Expected (the
// ObjectFile layer above it calls report_fatal_error on some malformed
// relocation sections). .BTF and .BTF.ext are read here, bounds-checked.
//
//===----------------------------------------------------------------------===//

#include "BpfObject.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/JSON.h"

#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace helperguard {
namespace check {

namespace {

Error bad(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

/// A name from the object as the reports can print it: valid UTF-8, no
/// control characters (a message stays one line).
std::string printable(StringRef S) {
  std::string Out = json::isUTF8(S) ? S.str() : json::fixUTF8(S);
  for (char &C : Out)
    if ((unsigned char)C < 0x20 || C == 0x7f)
      C = '?';
  return Out;
}

// The relocation types of the BPF ELF ABI (llvm/BinaryFormat/ELFRelocs/BPF.def).
bool isKnownBpfReloc(unsigned Type) {
  switch (Type) {
  case ELF::R_BPF_NONE:
  case ELF::R_BPF_64_64:
  case ELF::R_BPF_64_ABS64:
  case ELF::R_BPF_64_ABS32:
  case ELF::R_BPF_64_NODYLD32:
  case ELF::R_BPF_64_32:
    return true;
  default:
    return false;
  }
}

/// Little- or big-endian reads within a byte range, failing past its end.
struct Reader {
  ArrayRef<uint8_t> Data;
  bool BigEndian;
  bool u32(uint64_t Off, uint32_t &Out) const {
    if (Off > Data.size() || Data.size() - Off < 4)
      return false;
    Out = BigEndian ? support::endian::read32be(Data.data() + Off)
                    : support::endian::read32le(Data.data() + Off);
    return true;
  }
  bool u16(uint64_t Off, uint16_t &Out) const {
    if (Off > Data.size() || Data.size() - Off < 2)
      return false;
    Out = BigEndian ? support::endian::read16be(Data.data() + Off)
                    : support::endian::read16le(Data.data() + Off);
    return true;
  }
};

/// The string table of .BTF (empty when it cannot be read).
StringRef btfStrings(ArrayRef<uint8_t> BTF, bool BigEndian) {
  Reader R{BTF, BigEndian};
  uint16_t Magic;
  uint32_t HdrLen, StrOff, StrLen;
  if (!R.u16(0, Magic) || Magic != 0xeB9F || !R.u32(4, HdrLen) ||
      !R.u32(16, StrOff) || !R.u32(20, StrLen))
    return {};
  uint64_t Begin = uint64_t(HdrLen) + StrOff;
  if (Begin > BTF.size() || BTF.size() - Begin < StrLen)
    return {};
  return StringRef(reinterpret_cast<const char *>(BTF.data() + Begin), StrLen);
}

StringRef btfString(StringRef Strings, uint32_t Off) {
  if (Off >= Strings.size())
    return {};
  StringRef S = Strings.drop_front(Off);
  return S.take_until([](char C) { return C == '\0'; });
}

template <class ELFT> class ObjectReader {
public:
  ObjectReader(const ELFFile<ELFT> &EF, BpfObject &Out) : EF(EF), Out(Out) {}

  Error read() {
    auto SectionsOrErr = EF.sections();
    if (!SectionsOrErr)
      return SectionsOrErr.takeError();
    Shdrs = *SectionsOrErr;
    if (Error E = readCode())
      return E;
    if (Error E = readSymbols())
      return E;
    if (Error E = readRelocs())
      return E;
    readLines(); // line information is optional: a bad .BTF.ext is ignored
    readScalarKsyms(); // so is the type of a ksym
    return Error::success();
  }

private:
  using Elf_Shdr = typename ELFT::Shdr;
  using Elf_Sym = typename ELFT::Sym;
  const ELFFile<ELFT> &EF;
  BpfObject &Out;
  ArrayRef<Elf_Shdr> Shdrs;
  std::map<unsigned, unsigned> CodeByElf; // ELF section index -> Sections

  Expected<StringRef> nameOf(const Elf_Shdr &S) {
    return EF.getSectionName(S);
  }

  Error readCode() {
    for (unsigned I = 0; I < Shdrs.size(); ++I) {
      const Elf_Shdr &S = Shdrs[I];
      if (S.sh_type != ELF::SHT_PROGBITS || !(S.sh_flags & ELF::SHF_EXECINSTR))
        continue;
      Expected<StringRef> Name = nameOf(S);
      if (!Name)
        return Name.takeError();
      Expected<ArrayRef<uint8_t>> Bytes = EF.getSectionContents(S);
      if (!Bytes)
        return bad("section '" + printable(*Name) +
                   "': " + printable(toString(Bytes.takeError())));
      Expected<std::vector<Insn>> Insns = decodeInsns(*Bytes, Out.BigEndian);
      if (!Insns)
        return bad("section '" + printable(*Name) +
                   "': " + toString(Insns.takeError()));
      CodeSection C;
      C.ElfIndex = I;
      C.Name = printable(*Name);
      C.Insns = std::move(*Insns);
      CodeByElf[I] = Out.Sections.size();
      Out.Sections.push_back(std::move(C));
    }
    return Error::success();
  }

  const Elf_Shdr *symtab() {
    for (const Elf_Shdr &S : Shdrs)
      if (S.sh_type == ELF::SHT_SYMTAB)
        return &S;
    return nullptr;
  }

  Error readSymbols() {
    const Elf_Shdr *SymTab = symtab();
    if (SymTab) {
      auto Syms = EF.symbols(SymTab);
      if (!Syms)
        return Syms.takeError();
      auto StrTab = EF.getStringTableForSymtab(*SymTab);
      if (!StrTab)
        return StrTab.takeError();
      for (const Elf_Sym &Sym : *Syms) {
        if (Sym.getType() != ELF::STT_FUNC)
          continue;
        auto It = CodeByElf.find(Sym.st_shndx);
        if (It == CodeByElf.end())
          continue;
        CodeSection &C = Out.Sections[It->second];
        Expected<StringRef> Name = Sym.getName(*StrTab);
        if (!Name)
          return Name.takeError();
        if (Sym.st_value % 8 || Sym.st_value / 8 >= C.Insns.size())
          return bad("function '" + printable(*Name) +
                     "' at an offset outside section '" + C.Name + "'");
        BpfFunction F;
        F.Name = printable(*Name);
        F.Section = It->second;
        F.Start = Sym.st_value / 8;
        // libbpf: global functions outside .text are programs; static
        // functions and everything in .text are subprograms.
        F.IsProgram = C.Name != ".text" && Sym.getBinding() != ELF::STB_LOCAL;
        Out.Functions.push_back(std::move(F));
      }
    }
    // A code section without a function symbol (stripped objects, some
    // hand-written ones) is one program from its first instruction.
    for (unsigned S = 0; S < Out.Sections.size(); ++S) {
      if (Out.Sections[S].Insns.empty() || Out.Sections[S].Name == ".text")
        continue;
      if (none_of(Out.Functions,
                  [&](const BpfFunction &F) { return F.Section == S; }))
        Out.Functions.push_back({Out.Sections[S].Name, S, 0, 0, true});
    }
    sort(Out.Functions, [](const BpfFunction &A, const BpfFunction &B) {
      return std::tie(A.Section, A.Start, A.Name) <
             std::tie(B.Section, B.Start, B.Name);
    });
    for (size_t I = 0; I < Out.Functions.size(); ++I) {
      BpfFunction &F = Out.Functions[I];
      F.End = Out.Sections[F.Section].Insns.size();
      for (size_t J = I + 1; J < Out.Functions.size(); ++J)
        if (Out.Functions[J].Section == F.Section &&
            Out.Functions[J].Start > F.Start) {
          F.End = Out.Functions[J].Start;
          break;
        }
    }
    return Error::success();
  }

  template <class RelT>
  Error addRelocs(CodeSection &C, ArrayRef<RelT> Rels, const Elf_Shdr &SymTab) {
    auto Syms = EF.symbols(&SymTab);
    if (!Syms)
      return Syms.takeError();
    auto StrTab = EF.getStringTableForSymtab(SymTab);
    if (!StrTab)
      return StrTab.takeError();
    for (const RelT &R : Rels) {
      unsigned Type = R.getType(false);
      if (!isKnownBpfReloc(Type))
        return bad("section '" + C.Name + "': unknown relocation type " +
                   Twine(Type) + " at offset " + Twine(uint64_t(R.r_offset)));
      if (R.r_offset % 8 || R.r_offset / 8 >= C.Insns.size())
        return bad("section '" + C.Name + "': relocation at offset " +
                   Twine(uint64_t(R.r_offset)) + " outside the code");
      uint32_t SymIdx = R.getSymbol(false);
      if (SymIdx >= Syms->size())
        return bad("section '" + C.Name + "': relocation names symbol " +
                   Twine(SymIdx) + " of " + Twine(Syms->size()));
      const Elf_Sym &Sym = (*Syms)[SymIdx];
      InsnReloc IR;
      IR.Type = Type;
      IR.SymbolSection = Sym.st_shndx;
      IR.SymbolValue = Sym.st_value;
      IR.SymbolIsSection = Sym.getType() == ELF::STT_SECTION;
      if (Sym.st_shndx != 0 && Sym.st_shndx < Shdrs.size()) {
        if (Expected<StringRef> N = nameOf(Shdrs[Sym.st_shndx]))
          IR.SymbolSectionName = printable(*N);
        else
          consumeError(N.takeError());
      }
      if (IR.SymbolIsSection) {
        IR.Symbol = IR.SymbolSectionName;
      } else {
        Expected<StringRef> Name = Sym.getName(*StrTab);
        if (!Name)
          return Name.takeError();
        IR.Symbol = printable(*Name);
      }
      C.Relocs[R.r_offset / 8] = std::move(IR);
    }
    return Error::success();
  }

  Error readRelocs() {
    for (const Elf_Shdr &S : Shdrs) {
      if (S.sh_type != ELF::SHT_REL && S.sh_type != ELF::SHT_RELA)
        continue;
      auto It = CodeByElf.find(S.sh_info);
      if (It == CodeByElf.end())
        continue; // relocations of data or debug sections
      CodeSection &C = Out.Sections[It->second];
      if (S.sh_link >= Shdrs.size() ||
          Shdrs[S.sh_link].sh_type != ELF::SHT_SYMTAB)
        return bad("relocations of '" + C.Name + "' name no symbol table");
      const Elf_Shdr &SymTab = Shdrs[S.sh_link];
      if (S.sh_type == ELF::SHT_REL) {
        auto Rels = EF.rels(S);
        if (!Rels)
          return Rels.takeError();
        if (Error E = addRelocs(C, *Rels, SymTab))
          return E;
      } else {
        auto Rels = EF.relas(S);
        if (!Rels)
          return Rels.takeError();
        if (Error E = addRelocs(C, *Rels, SymTab))
          return E;
      }
    }
    return Error::success();
  }

  std::optional<ArrayRef<uint8_t>> contentsOf(StringRef Name) {
    for (const Elf_Shdr &S : Shdrs) {
      Expected<StringRef> N = nameOf(S);
      if (!N) {
        consumeError(N.takeError());
        continue;
      }
      if (*N != Name)
        continue;
      Expected<ArrayRef<uint8_t>> Bytes = EF.getSectionContents(S);
      if (!Bytes) {
        consumeError(Bytes.takeError());
        return std::nullopt;
      }
      return *Bytes;
    }
    return std::nullopt;
  }

  /// .BTF.ext: header, then at line_info_off a record size and, per
  /// section, {sec_name_off, num_info, num_info records of that size}.
  void readLines() {
    std::optional<ArrayRef<uint8_t>> BTF = contentsOf(".BTF");
    std::optional<ArrayRef<uint8_t>> Ext = contentsOf(".BTF.ext");
    if (!BTF || !Ext)
      return;
    StringRef Strings = btfStrings(*BTF, Out.BigEndian);
    Reader R{*Ext, Out.BigEndian};
    uint16_t Magic;
    uint32_t HdrLen, LineOff, LineLen;
    if (!R.u16(0, Magic) || Magic != 0xeB9F || !R.u32(4, HdrLen) ||
        HdrLen < 24 || !R.u32(16, LineOff) || !R.u32(20, LineLen))
      return;
    uint64_t Pos = uint64_t(HdrLen) + LineOff;
    uint64_t End = Pos + LineLen;
    if (End > Ext->size())
      return;
    uint32_t RecSize;
    if (LineLen < 4 || !R.u32(Pos, RecSize) || RecSize < 16)
      return;
    Pos += 4;
    while (Pos + 8 <= End) {
      uint32_t SecNameOff, Num;
      R.u32(Pos, SecNameOff);
      R.u32(Pos + 4, Num);
      Pos += 8;
      if (uint64_t(Num) * RecSize > End - Pos)
        return;
      StringRef SecName = btfString(Strings, SecNameOff);
      std::optional<unsigned> Sec;
      for (unsigned S = 0; S < Out.Sections.size(); ++S)
        if (Out.Sections[S].Name == SecName)
          Sec = S;
      for (uint32_t I = 0; I < Num; ++I, Pos += RecSize) {
        if (!Sec)
          continue;
        uint32_t InsnOff, FileOff, LineCol;
        R.u32(Pos, InsnOff);
        R.u32(Pos + 4, FileOff);
        R.u32(Pos + 12, LineCol);
        LineInfo L{printable(btfString(Strings, FileOff)), LineCol >> 10,
                   LineCol & 0x3ff};
        if (L.Line && !L.File.empty())
          Out.Lines[{*Sec, InsnOff / 8}] = std::move(L);
      }
    }
  }
  /// .BTF: the VARs of the DATASEC ".ksyms" whose type, through typedefs
  /// and qualifiers, is neither a struct, a union nor a forward declaration
  /// (nor void: a typeless ksym).
  void readScalarKsyms() {
    std::optional<ArrayRef<uint8_t>> BTF = contentsOf(".BTF");
    if (!BTF)
      return;
    StringRef Strings = btfStrings(*BTF, Out.BigEndian);
    Reader R{*BTF, Out.BigEndian};
    uint32_t HdrLen, TypeOff, TypeLen;
    if (Strings.empty() || !R.u32(4, HdrLen) || !R.u32(8, TypeOff) ||
        !R.u32(12, TypeLen))
      return;
    struct Type {
      uint32_t NameOff = 0, Kind = 0, VLen = 0, Ref = 0;
      uint64_t Extra = 0; // where the kind's trailing records start
    };
    std::vector<Type> Types(1); // id 0: void
    uint64_t Pos = uint64_t(HdrLen) + TypeOff, End = Pos + TypeLen;
    if (End > BTF->size())
      return;
    while (Pos + 12 <= End) {
      Type T;
      uint32_t Info;
      R.u32(Pos, T.NameOff);
      R.u32(Pos + 4, Info);
      R.u32(Pos + 8, T.Ref);
      T.Kind = (Info >> 24) & 0x1f;
      T.VLen = Info & 0xffff;
      T.Extra = Pos + 12;
      static const uint8_t PerVLen[20] = {0, 0, 0, 0, 12, 12, 8,  0, 0, 0,
                                          0, 0, 0, 8, 0,  12, 0, 0, 0, 12};
      static const uint8_t Fixed[20] = {0, 4, 0, 12, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0,  4, 0, 0, 4, 0, 0};
      if (T.Kind >= 20)
        return; // a kind this reader does not know: stop, say nothing
      Pos = T.Extra + Fixed[T.Kind] + uint64_t(PerVLen[T.Kind]) * T.VLen;
      Types.push_back(T);
    }
    auto Scalar = [&](uint32_t Id) {
      for (unsigned Hops = 0; Id && Id < Types.size() && Hops < 32; ++Hops) {
        const Type &T = Types[Id];
        switch (T.Kind) {
        case 8: case 9: case 10: case 11: case 18: // typedef, qualifiers
          Id = T.Ref;
          continue;
        case 4: case 5: case 7: // struct, union, fwd
          return false;
        default:
          return true;
        }
      }
      return false;
    };
    for (const Type &Sec : Types) {
      if (Sec.Kind != 15 || btfString(Strings, Sec.NameOff) != ".ksyms")
        continue;
      for (uint32_t I = 0; I < Sec.VLen; ++I) {
        uint32_t VarId;
        if (!R.u32(Sec.Extra + 12ull * I, VarId) || VarId >= Types.size() ||
            Types[VarId].Kind != 14)
          continue;
        if (Scalar(Types[VarId].Ref))
          Out.ScalarKsyms.insert(
              printable(btfString(Strings, Types[VarId].NameOff)));
      }
    }
  }
};

template <class ELFT> Error readAs(StringRef Data, BpfObject &Out) {
  Expected<ELFFile<ELFT>> EF = ELFFile<ELFT>::create(Data);
  if (!EF)
    return EF.takeError();
  return ObjectReader<ELFT>(*EF, Out).read();
}

} // namespace

const BpfFunction *BpfObject::functionAt(unsigned Sec, size_t Idx) const {
  const BpfFunction *Best = nullptr;
  for (const BpfFunction &F : Functions)
    if (F.Section == Sec && F.Start <= Idx && Idx < F.End)
      Best = &F;
  return Best;
}

const CodeSection *BpfObject::sectionByElfIndex(unsigned ElfIndex,
                                                unsigned *Pos) const {
  for (unsigned I = 0; I < Sections.size(); ++I)
    if (Sections[I].ElfIndex == ElfIndex) {
      if (Pos)
        *Pos = I;
      return &Sections[I];
    }
  return nullptr;
}

std::optional<LineInfo> BpfObject::lineOf(unsigned Sec, size_t Idx) const {
  auto It = Lines.upper_bound({Sec, Idx});
  if (It == Lines.begin())
    return std::nullopt;
  --It;
  if (It->first.first != Sec)
    return std::nullopt;
  const BpfFunction *F = functionAt(Sec, Idx);
  if (F && It->first.second < F->Start)
    return std::nullopt;
  return It->second;
}

Expected<std::unique_ptr<BpfObject>>
BpfObject::read(std::unique_ptr<MemoryBuffer> Buffer) {
  StringRef Data = Buffer->getBuffer();
  if (Data.size() < 4 || !compat::startsWith(Data, "\x7f"
                                                   "ELF"))
    return bad("not an ELF file");
  if (Data.size() < 64)
    return bad("truncated ELF header (" + Twine(Data.size()) + " bytes)");
  unsigned Class = uint8_t(Data[4]), Endian = uint8_t(Data[5]);
  if (Endian != ELF::ELFDATA2LSB && Endian != ELF::ELFDATA2MSB)
    return bad("ELF header: unknown data encoding " + Twine(Endian));
  bool BE = Endian == ELF::ELFDATA2MSB;
  uint16_t Machine =
      BE ? support::endian::read16be(Data.data() + 18)
         : support::endian::read16le(Data.data() + 18);
  if (Machine != ELF::EM_BPF)
    return bad("not a BPF object (ELF machine " + Twine(Machine) + ")");
  if (Class != ELF::ELFCLASS64)
    return bad("32-bit ELF: BPF objects are 64-bit");
  auto Obj = std::make_unique<BpfObject>();
  Obj->Path = printable(Buffer->getBufferIdentifier());
  Obj->BigEndian = BE;
  if (Error E = BE ? readAs<ELF64BE>(Data, *Obj) : readAs<ELF64LE>(Data, *Obj))
    return bad("malformed ELF: " + printable(toString(std::move(E))));
  if (Obj->Sections.empty())
    return bad("no code section (SHF_EXECINSTR) in the object");
  return Obj;
}

} // namespace check
} // namespace helperguard
