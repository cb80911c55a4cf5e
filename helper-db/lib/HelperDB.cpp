//===- HelperDB.cpp - Per-kernel BPF helper semantics: merge and query ----===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Merging databases (a later fact for the same helper, prototype, argument
// and kernels replaces the earlier one) and answering which helper arguments
// the verifier keeps stale knowledge of. Reading the JSON text is in
// HelperDBParse.cpp, the compiled-in database in BuiltinDB.cpp.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <mutex>

using namespace llvm;

namespace helperguard {

//===----------------------------------------------------------------------===//
// Regimes and flags
//===----------------------------------------------------------------------===//

StringRef regimeName(Regime R) {
  switch (R) {
  case Regime::ClobberAll:
    return "clobber-all";
  case Regime::MemWriteOnly:
    return "mem-write-only";
  case Regime::FlagsEnforced:
    return "flags-enforced";
  }
  return "unknown";
}

std::optional<Regime> regimeFromName(StringRef Name) {
  for (Regime R :
       {Regime::ClobberAll, Regime::MemWriteOnly, Regime::FlagsEnforced})
    if (regimeName(R) == Name)
      return R;
  return std::nullopt;
}

bool flagsDeclareWrite(StringRef Flags) {
  SmallVector<StringRef, 4> Tokens;
  Flags.split(Tokens, '|');
  return any_of(Tokens, [](StringRef T) {
    T = T.trim();
    return T == "MEM_WRITE" || T == "MEM_UNINIT" ||
           T == "ARG_PTR_TO_UNINIT_MEM" || T == "ARG_PTR_TO_UNINIT_MAP_VALUE";
  });
}

bool flagsArePlainMemory(StringRef Flags) {
  StringRef Base = Flags.split('|').first.trim();
  return compat::startsWith(Base, "ARG_PTR_TO_MEM") ||
         compat::startsWith(Base, "ARG_PTR_TO_UNINIT_MEM") ||
         compat::startsWith(Base, "ARG_PTR_TO_FIXED_SIZE_MEM");
}

//===----------------------------------------------------------------------===//
// MemArg, Prototype, Helper
//===----------------------------------------------------------------------===//

const DeclaredArg *MemArg::declaredFor(const KernelVersion &V) const {
  for (const DeclaredArg &D : Declared)
    if (D.Kernels.contains(V))
      return &D;
  return nullptr;
}

KernelSet MemArg::declaredWriteKernels() const {
  KernelSet S;
  for (const DeclaredArg &D : Declared)
    if (D.DeclaresWrite)
      S.add(D.Kernels);
  return S;
}

bool Prototype::namesProgType(StringRef T) const {
  return T != "*" && is_contained(ProgTypes, T);
}

bool Prototype::anyProgType() const { return is_contained(ProgTypes, "*"); }

const MemArg *Prototype::arg(unsigned ArgNo) const {
  for (const MemArg &A : Args)
    if (A.ArgNo == ArgNo)
      return &A;
  return nullptr;
}

const Prototype *Helper::protoFor(StringRef ProgType) const {
  for (const Prototype &P : Protos)
    if (P.namesProgType(ProgType))
      return &P;
  for (const Prototype &P : Protos)
    if (P.anyProgType())
      return &P;
  return nullptr;
}

const Prototype *Helper::proto(StringRef ProtoName) const {
  for (const Prototype &P : Protos)
    if (P.Name == ProtoName)
      return &P;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Building and merging
//===----------------------------------------------------------------------===//

namespace {

/// Removes the kernels of Cut from every entry of V (entries are split where
/// needed, and dropped when nothing is left). T must have a Kernels member.
template <typename T> void cutKernels(std::vector<T> &V, const KernelSet &Cut) {
  if (none_of(V, [&](const T &Entry) {
        return any_of(Cut.ranges(), [&](const KernelRange &R) {
          return R.overlaps(Entry.Kernels);
        });
      }))
    return; // nothing to cut (the built-in database's regimes, every time)
  std::vector<T> Out;
  for (const T &Entry : V) {
    KernelSet Whole;
    Whole.add(Entry.Kernels);
    KernelSet Left = Whole.subtract(Cut);
    for (const KernelRange &R : Left.ranges()) {
      T Piece = Entry;
      Piece.Kernels = R;
      Out.push_back(std::move(Piece));
    }
  }
  V = std::move(Out);
}

template <typename T> void sortByKernels(std::vector<T> &V) {
  llvm::stable_sort(
      V, [](const T &A, const T &B) { return A.Kernels.Lo < B.Kernels.Lo; });
}

void mergeArg(MemArg &Into, const MemArg &From) {
  Into.SizeArgNo = From.SizeArgNo;
  Into.FixedSize = From.FixedSize;
  Into.Reads = From.Reads;
  Into.Writes = From.Writes;
  Into.MayWriteLess = From.MayWriteLess;
  Into.EffectSource = From.EffectSource;
  KernelSet Replaced;
  for (const DeclaredArg &D : From.Declared)
    Replaced.add(D.Kernels);
  cutKernels(Into.Declared, Replaced);
  Into.Declared.insert(Into.Declared.end(), From.Declared.begin(),
                       From.Declared.end());
  sortByKernels(Into.Declared);
}

void mergeProto(Prototype &Into, const Prototype &From) {
  Into.ProgTypes = From.ProgTypes;
  for (const MemArg &A : From.Args) {
    auto It =
        find_if(Into.Args, [&](const MemArg &M) { return M.ArgNo == A.ArgNo; });
    if (It == Into.Args.end())
      Into.Args.push_back(A);
    else
      mergeArg(*It, A);
  }
  llvm::sort(Into.Args, [](const MemArg &A, const MemArg &B) {
    return A.ArgNo < B.ArgNo;
  });
}

void mergeHelper(Helper &Into, const Helper &From) {
  Into.Name = From.Name;
  // Availability is replaced whole by a file that states it.
  if (From.Since)
    Into.Since = From.Since;
  if (!From.Available.empty())
    Into.Available = From.Available;
  for (const Prototype &P : From.Protos) {
    // A program type gets one prototype: From's claim wins.
    for (Prototype &Q : Into.Protos)
      if (Q.Name != P.Name)
        llvm::erase_if(Q.ProgTypes, [&](const std::string &T) {
          return is_contained(P.ProgTypes, T);
        });
    llvm::erase_if(Into.Protos, [&](const Prototype &Q) {
      return Q.Name != P.Name && Q.ProgTypes.empty();
    });
    auto It = find_if(Into.Protos,
                      [&](const Prototype &Q) { return Q.Name == P.Name; });
    if (It == Into.Protos.end())
      Into.Protos.push_back(P);
    else
      mergeProto(*It, P);
  }
}

} // namespace

void HelperDB::addHelper(Helper H) {
  buildAll();
  unsigned Id = H.Id;
  Helpers[Id] = std::move(H);
}

void HelperDB::addKfunc(Kfunc K) {
  std::string Name = K.Name;
  Kfuncs[Name] = std::move(K);
}

void HelperDB::addRegime(RegimeRange R) {
  KernelSet Cut;
  Cut.add(R.Kernels);
  cutKernels(Regimes, Cut);
  Regimes.push_back(std::move(R));
  sortByKernels(Regimes);
}

void HelperDB::merge(const HelperDB &Other) {
  buildAll();
  Other.buildAll();
  for (const RegimeRange &R : Other.Regimes)
    addRegime(R);
  for (const auto &[Name, K] : Other.Kfuncs) {
    auto It = Kfuncs.find(Name);
    if (It == Kfuncs.end()) {
      Kfuncs.emplace(Name, K);
      continue;
    }
    // Availability, when stated, is replaced whole.
    if (!K.Available.empty())
      It->second.Available = K.Available;
    // Arguments merge by number; a known one is replaced.
    for (const KfuncArg &A : K.Args) {
      auto AIt = find_if(It->second.Args,
                         [&](const KfuncArg &B) { return B.ArgNo == A.ArgNo; });
      if (AIt == It->second.Args.end())
        It->second.Args.push_back(A);
      else
        *AIt = A;
    }
    llvm::sort(It->second.Args, [](const KfuncArg &A, const KfuncArg &B) {
      return A.ArgNo < B.ArgNo;
    });
  }
  for (const auto &[Id, H] : Other.Helpers) {
    auto It = Helpers.find(Id);
    if (It == Helpers.end())
      Helpers.emplace(Id, H);
    else
      mergeHelper(It->second, H);
  }
  for (const KernelRelease &R : Other.Releases)
    addRelease(R);
  if (Other.Coverage)
    Coverage = Other.Coverage;
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

KernelSet KfuncArg::forgottenKernels() const {
  KernelSet K;
  for (const ForgottenRange &F : Forgotten)
    K.add(F.Kernels);
  return K;
}

const KfuncArg *Kfunc::arg(unsigned ArgNo) const {
  for (const KfuncArg &A : Args)
    if (A.ArgNo == ArgNo)
      return &A;
  return nullptr;
}

const Kfunc *HelperDB::kfunc(StringRef Name) const {
  auto It = Kfuncs.find(Name);
  return It == Kfuncs.end() ? nullptr : &It->second;
}

const KfuncArg *HelperDB::kfuncArgForgotten(StringRef Name, unsigned ArgNo,
                                            const KernelSet &Targets) const {
  const Kfunc *K = kfunc(Name);
  const KfuncArg *A = K ? K->arg(ArgNo) : nullptr;
  if (!A || !A->Writes || !kfuncStaleKernels(Name, ArgNo, Targets).empty())
    return nullptr;
  return A;
}

//===----------------------------------------------------------------------===//
// Helpers built on demand (HelperSource)
//===----------------------------------------------------------------------===//

namespace {

/// Guards the helpers of databases with a source: the built-in one is shared
/// by every thread of a process, and its lookups insert.
std::mutex &lazyHelpersLock() {
  static std::mutex M;
  return M;
}

/// Whether a helper named N answers to Name (with or without "bpf_").
bool nameMatches(StringRef N, StringRef Name) {
  return N == Name || (compat::startsWith(N, "bpf_") && N.drop_front(4) == Name);
}

} // namespace

const Helper *HelperDB::buildFromSource(unsigned Id) const {
  auto It = Helpers.find(Id);
  if (It != Helpers.end())
    return &It->second;
  if (!Source)
    return nullptr;
  size_t Lo = 0, Hi = Source->size();
  while (Lo < Hi) { // the first index whose id is not below Id
    size_t Mid = Lo + (Hi - Lo) / 2;
    if (Source->id(Mid) < Id)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  if (Lo == Source->size() || Source->id(Lo) != Id)
    return nullptr;
  return &Helpers.emplace(Id, Source->build(Lo)).first->second;
}

void HelperDB::buildAll() const {
  if (!Lazy)
    return;
  std::lock_guard<std::mutex> L(lazyHelpersLock());
  if (!Source)
    return;
  for (size_t I = 0; I < Source->size(); ++I)
    buildFromSource(Source->id(I));
  Source = nullptr;
}

const std::map<unsigned, Helper> &HelperDB::helpers() const {
  buildAll();
  return Helpers;
}

const Helper *HelperDB::helper(unsigned Id) const {
  if (Lazy) {
    std::lock_guard<std::mutex> L(lazyHelpersLock());
    return buildFromSource(Id);
  }
  auto It = Helpers.find(Id);
  return It == Helpers.end() ? nullptr : &It->second;
}

bool HelperDB::isNewerHelper(unsigned Id) const {
  if (Id == LibbpfPoisonHelperId)
    return false;
  unsigned Newest = LastUpstreamHelperId;
  std::unique_lock<std::mutex> L;
  if (Lazy) {
    L = std::unique_lock<std::mutex>(lazyHelpersLock());
    if (Source && Source->size())
      Newest = std::max(Newest, Source->id(Source->size() - 1));
  }
  if (!Helpers.empty())
    Newest = std::max(Newest, Helpers.rbegin()->first);
  return Id > Newest;
}

const Helper *HelperDB::helper(StringRef Name) const {
  std::unique_lock<std::mutex> L;
  if (Lazy) {
    L = std::unique_lock<std::mutex>(lazyHelpersLock());
    if (Source)
      for (size_t I = 0; I < Source->size(); ++I)
        if (nameMatches(Source->name(I), Name))
          return buildFromSource(Source->id(I));
  }
  for (const auto &[Id, H] : Helpers)
    if (nameMatches(H.Name, Name))
      return &H;
  return nullptr;
}

Regime HelperDB::regime(const KernelVersion &V) const {
  for (const RegimeRange &R : Regimes)
    if (R.Kernels.contains(V))
      return R.Kind;
  return Regime::ClobberAll;
}

KernelSet HelperDB::regimeKernels(Regime Kind) const {
  KernelSet S, Covered;
  for (const RegimeRange &R : Regimes) {
    Covered.add(R.Kernels);
    if (R.Kind == Kind)
      S.add(R.Kernels);
  }
  if (Kind == Regime::ClobberAll)
    S.add(Covered.complement());
  return S;
}

KernelSet HelperDB::staleKernels(const MemArg &A) const {
  if (!A.Writes)
    return KernelSet();
  return regimeKernels(Regime::ClobberAll)
      .complement()
      .subtract(A.declaredWriteKernels());
}

KernelSet HelperDB::affectedKernels() const {
  KernelSet S;
  for (const auto &[Id, H] : helpers())
    for (const Prototype &P : H.Protos)
      for (const MemArg &A : P.Args)
        S.add(staleKernels(A));
  return S;
}

std::optional<std::vector<StaleArg>>
HelperDB::staleArgs(unsigned Id, const std::vector<std::string> &ProgTypes,
                    const KernelSet &Targets) const {
  const Helper *H = helper(Id);
  if (!H)
    return std::nullopt;
  bool AnyType = ProgTypes.empty() || is_contained(ProgTypes, "*");

  std::vector<StaleArg> Out;
  for (const Prototype &P : H->Protos) {
    // The asked program types that get this prototype.
    std::vector<std::string> Types;
    if (AnyType) {
      Types = P.ProgTypes;
    } else {
      for (const std::string &T : ProgTypes)
        if (H->protoFor(T) == &P && !is_contained(Types, T))
          Types.push_back(T);
      if (Types.empty())
        continue;
    }
    for (const MemArg &A : P.Args) {
      KernelSet K = staleKernels(A).intersect(Targets);
      for (const std::string &R : Targets.releases())
        if (staleOnRelease(R, *H, AnyType ? std::vector<std::string>() : Types,
                           A))
          K.addRelease(R);
      if (K.empty())
        continue;
      StaleArg S;
      S.ArgNo = A.ArgNo;
      S.SizeArgNo = A.SizeArgNo;
      S.FixedSize = A.FixedSize;
      S.MayWriteLess = A.MayWriteLess;
      S.Proto = P.Name;
      S.ProgTypes = Types;
      S.Kernels = std::move(K);
      Out.push_back(std::move(S));
    }
  }
  return Out;
}

} // namespace helperguard
