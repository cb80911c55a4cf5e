//===- ProgramTypes.h - Program types that reach each function -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A program's type comes from its ELF section (libbpf's SEC() names); a
// subprogram is verified as part of every program that calls it, so it takes
// the types of all programs that reach it through direct calls or pass it
// as a callback to a helper (bpf_loop, bpf_timer_set_callback, ...).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_PROGRAMTYPES_H
#define HELPERGUARD_PASSES_PROGRAMTYPES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace helperguard {

class ProgramTypes {
public:
  explicit ProgramTypes(const llvm::Module &M);

  /// The program types that reach F, sorted. Empty when no program with a
  /// known section reaches F: the caller must then assume any type.
  const std::vector<std::string> &typesOf(const llvm::Function &F) const;

  /// Programs whose section libbpf does not know ("SEC(\"foo\")").
  const llvm::SmallVector<const llvm::Function *, 4> &
  unknownSectionPrograms() const {
    return UnknownSections;
  }

  /// Whether every type that reaches F implies CAP_PERFMON (false when F's
  /// types are unknown).
  bool impliesPerfmon(const llvm::Function &F) const;

  /// "lsm", "xdp, sched_cls", or "unknown program type".
  std::string describe(const llvm::Function &F) const;

private:
  llvm::DenseMap<const llvm::Function *, std::vector<std::string>> Types;
  llvm::SmallVector<const llvm::Function *, 4> UnknownSections;
  std::vector<std::string> None;
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_PROGRAMTYPES_H
