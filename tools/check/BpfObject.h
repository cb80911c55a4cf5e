//===- BpfObject.h - A relocatable BPF ELF object ---------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Reads what the checker needs from a BPF ELF object (clang, GCC or
// `bpftool gen object`): the code sections with their decoded instructions,
// the functions in them (programs and subprograms, as libbpf tells them
// apart), the relocations of the code (bpf-to-bpf calls into another
// section, kfunc calls, 64-bit loads of map and data addresses) and the
// line information of .BTF.ext. Every malformation is an Error with a
// message, never a crash: not ELF, not BPF, big-endian, truncated,
// relocations of a type the BPF ABI does not have.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_BPFOBJECT_H
#define HELPERGUARD_CHECK_BPFOBJECT_H

#include "BpfInsn.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace helperguard {
namespace check {

/// A relocation applied to an instruction of a code section.
struct InsnReloc {
  unsigned Type = 0;
  std::string Symbol;          ///< the symbol's name (section name for
                               ///< section symbols)
  unsigned SymbolSection = 0;  ///< section index the symbol is defined in,
                               ///< 0 when undefined (extern: a kfunc)
  uint64_t SymbolValue = 0;    ///< st_value
  bool SymbolIsSection = false;
  std::string SymbolSectionName; ///< the section it is defined in, or ""
};

/// A function symbol of a code section.
struct BpfFunction {
  std::string Name;
  unsigned Section = 0; ///< index into BpfObject::Sections
  size_t Start = 0;     ///< first instruction index
  size_t End = 0;       ///< one past the last
  bool IsProgram = false;
};

struct CodeSection {
  unsigned ElfIndex = 0;
  std::string Name;
  std::vector<Insn> Insns;
  std::map<size_t, InsnReloc> Relocs; ///< by instruction index
};

struct LineInfo {
  std::string File;
  unsigned Line = 0, Column = 0;
};

class BpfObject {
public:
  /// Reads the object in Buffer (its identifier names it in messages).
  static llvm::Expected<std::unique_ptr<BpfObject>>
  read(std::unique_ptr<llvm::MemoryBuffer> Buffer);

  std::string Path;
  bool BigEndian = false;
  std::vector<CodeSection> Sections;
  std::vector<BpfFunction> Functions; ///< sorted by (section, start)

  /// The function of Sections[Sec] that holds instruction Idx, or null.
  const BpfFunction *functionAt(unsigned Sec, size_t Idx) const;
  /// The code section whose ELF index is ElfIndex, or null.
  const CodeSection *sectionByElfIndex(unsigned ElfIndex, unsigned *Pos) const;
  /// The source line of instruction Idx of Sections[Sec] from .BTF.ext: the
  /// line record at the instruction or the nearest one before it in the same
  /// function; std::nullopt without line information.
  std::optional<LineInfo> lineOf(unsigned Sec, size_t Idx) const;
  /// Whether .BTF.ext line information was found.
  bool hasLineInfo() const { return !Lines.empty(); }

  /// (section index in Sections, instruction index) -> line.
  std::map<std::pair<unsigned, size_t>, LineInfo> Lines;
  /// ksyms (`extern ... __ksym` variables) whose BTF type is not a struct:
  /// the verifier gives bpf_this_cpu_ptr()/bpf_per_cpu_ptr() of them
  /// MEM_RDONLY.
  std::set<std::string> ScalarKsyms;
};

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_BPFOBJECT_H
