//===- ReadOnlyArgs.cpp - Read-only memory a kernel refuses ---------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Turns an argument's declarations into the targeted kernels that refuse
// read-only memory passed as that argument (ReadOnlyArgs.h says what is
// judged and why).
//
//===----------------------------------------------------------------------===//

#include "helperguard/ReadOnlyArgs.h"

#include "helperguard/Availability.h"

#include "llvm/ADT/SmallVector.h"

#include <optional>

using namespace llvm;

namespace helperguard {

namespace {

/// The first release whose verifier knows MEM_RDONLY (v5.17; the 5.10 tree
/// names it nowhere, the 6.1 tree in 61 places): before it, ksyms and
/// per-CPU pointers were writable PTR_TO_MEM.
constexpr KernelVersion RdonlyFlagSince{5, 17, 0};

bool hasToken(StringRef Flags, StringRef Token) {
  SmallVector<StringRef, 4> Tokens;
  Flags.split(Tokens, '|');
  for (StringRef T : Tokens)
    if (T.trim() == Token)
      return true;
  return false;
}

/// Whether a kernel declaring Flags refuses memory of kind M.
bool refuses(const DeclaredArg &D, ReadOnlyMemory M) {
  if (M == ReadOnlyMemory::RdonlyMap)
    return D.DeclaresWrite;
  return flagsArePlainMemory(D.Flags) && !hasToken(D.Flags, "MEM_RDONLY");
}

/// The kernels whose declaration of A refuses memory of kind M.
KernelSet refusingKernels(const MemArg &A, ReadOnlyMemory M) {
  KernelSet Out;
  for (const DeclaredArg &D : A.Declared)
    if (refuses(D, M))
      Out.add(D.Kernels);
  if (M == ReadOnlyMemory::RdonlyMem)
    Out = Out.intersect(KernelRange{RdonlyFlagSince, KernelVersion::max()});
  return Out;
}

} // namespace

std::string readOnlyMemoryName(ReadOnlyMemory M) {
  return M == ReadOnlyMemory::RdonlyMem
             ? "read-only memory (PTR_TO_MEM | MEM_RDONLY)"
             : "a read-only map value (.rodata)";
}

KernelSet readOnlyRefusedKernels(const HelperDB &DB, const Helper &H,
                                 ArrayRef<std::string> ProgTypes,
                                 unsigned ArgNo, ReadOnlyMemory M,
                                 const KernelSet &Targets) {
  SmallVector<const Prototype *, 4> Protos;
  for (const std::string &T : ProgTypes)
    if (const Prototype *P = H.protoFor(T))
      Protos.push_back(P);
  if (ProgTypes.empty())
    for (const Prototype &P : H.Protos)
      Protos.push_back(&P);
  std::optional<KernelSet> Refusing;
  for (const Prototype *P : Protos) {
    const MemArg *A = P->arg(ArgNo);
    KernelSet K = A ? refusingKernels(*A, M) : KernelSet();
    Refusing = Refusing ? Refusing->intersect(K) : K;
  }
  if (!Refusing || Refusing->empty())
    return KernelSet();
  KernelSet Judged = availabilityTargets(DB, Targets);
  KernelSet Out = Judged.intersect(*Refusing);
  for (const std::string &Name : Judged.releases()) {
    const KernelRelease *R = DB.release(Name);
    if (R && R->Kernel && Refusing->contains(*R->Kernel))
      Out.addRelease(Name);
  }
  return Out;
}

std::string describeReadOnlyProblem(const Helper &H, unsigned ArgNo,
                                    ReadOnlyMemory M, const KernelSet &K) {
  std::string What = M == ReadOnlyMemory::RdonlyMem
                         ? " does not take "
                         : " is declared written and does not take ";
  return H.Name + "'s argument " + std::to_string(ArgNo) + What +
         readOnlyMemoryName(M) + " on " + K.str();
}

std::string readOnlyFix(ReadOnlyMemory M) {
  return M == ReadOnlyMemory::RdonlyMem
             ? "copy the bytes to a stack buffer first; of a dynptr, "
               "bpf_dynptr_slice_rdwr() gives writable memory"
             : "pass writable memory: a stack buffer or a non-const global";
}

} // namespace helperguard
