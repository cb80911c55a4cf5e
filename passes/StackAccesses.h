//===- StackAccesses.h - Every access to every BPF stack object -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// For each alloca of a BPF module, the instructions that read it, write it,
// pass it to a helper, or let it escape, with the byte range they touch and
// the chain of subprogram calls that leads to them. Static subprograms are
// verified in their caller's context (the buffer stays PTR_TO_STACK of the
// caller's frame), so accesses are followed into them; global functions are
// verified on their own and are treated as reading their argument.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_STACKACCESSES_H
#define HELPERGUARD_PASSES_STACKACCESSES_H

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace llvm {
class AllocaInst;
class CallBase;
class DataLayout;
class Instruction;
class LoadInst;
class Module;
class Value;
} // namespace llvm

namespace helperguard {

enum class AccessKind {
  Read,        ///< the bytes may be read (load, memcpy source, unknown call)
  KnownWrite,  ///< stores bytes the verifier may know (constants, bounds)
  OpaqueWrite, ///< stores bytes the verifier cannot know
  HelperArg,   ///< passed to a BPF helper
  Escape       ///< the pointer goes where it cannot be followed
};

struct StackAccess {
  AccessKind Kind;
  llvm::Instruction *Inst;
  /// Direct calls from the object's function down to Inst's function.
  llvm::SmallVector<llvm::CallBase *, 2> Path;
  std::optional<int64_t> Offset; ///< from the object's start; none: unknown
  std::optional<uint64_t> Size;  ///< bytes; none: unknown (to the end)
  unsigned OperandNo = 0;        ///< HelperArg: the call operand
  unsigned HelperId = 0;         ///< HelperArg: the helper
};

struct StackObject {
  llvm::AllocaInst *Alloca;
  uint64_t Size = 0; ///< bytes; 0 when not a constant
  std::vector<StackAccess> Accesses;
  bool Escaped = false;
};

/// The bytes of Obj that A touches: [Offset, Offset+Size), an unknown offset
/// covering the whole object, an unknown size running to its end.
llvm::BitVector accessBytes(const StackObject &Obj, const StackAccess &A);

/// The bytes [Off, Off+Size) of an object of ObjSize bytes, clipped to it;
/// an unknown offset is the whole object, an unknown size runs to the end.
llvm::BitVector byteRange(uint64_t ObjSize, std::optional<int64_t> Off,
                          std::optional<uint64_t> Size);

/// A kfunc argument the verifier forgets after the call: its size.
struct KfuncWrite {
  std::optional<unsigned> SizeArgNo; ///< 1-based argument holding the size
  std::optional<uint64_t> FixedSize;
};

/// For a call to the external function Callee, argument ArgNo (1-based):
/// the write the verifier forgets on every targeted kernel, or none.
using KfuncWriteQuery = llvm::function_ref<std::optional<KfuncWrite>(
    llvm::StringRef Callee, unsigned ArgNo)>;

/// Collects the accesses of every static-sized alloca in M that reaches a
/// helper call. A stack buffer passed to a kfunc that KfuncWrites names is
/// an opaque write of the bytes it covers; any other external call reads it
/// and lets it escape. AnyEscaped tells whether the address of any alloca,
/// kept or not, escapes (it may then reach a helper untraced).
std::vector<StackObject> collectStackObjects(llvm::Module &M,
                                             KfuncWriteQuery KfuncWrites,
                                             bool &AnyEscaped);

/// Whether the pointer V may be a stack address for the verifier. Not when
/// it can only be a global, a helper's result (a map value, a ring buffer
/// record), a packet or context pointer, or a pointer loaded from memory
/// that holds no stack address: the verifier never gives a pointer loaded
/// from outside the stack the type of a stack pointer, and the stack slots
/// pointers are kept in are followed to what was stored there.
bool mayBeStackAddress(const llvm::Value *V, const llvm::DataLayout &DL,
                       KfuncWriteQuery KfuncWrites);

/// Whether V is the guard's own opaque zero, or computed from it by adds,
/// casts and the like: such values are unknown to the verifier by design.
bool isDerivedFromOpaqueZero(const llvm::Value *V);

/// Whether LI is one of the guard's own reloads: its only use adds the
/// opaque zero, and the sum is stored back where LI loaded from. It launders
/// the bytes rather than reading them for the program.
bool isGuardReload(const llvm::LoadInst &LI);

/// Whether the verifier cannot know anything about V when it is stored: a
/// full-width load from memory it does not track, a helper's result, the
/// guard's opaque zero. Constants, arithmetic and extensions (which give the
/// verifier bounds) are not opaque.
bool isOpaqueToVerifier(const llvm::Value *V);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_STACKACCESSES_H
