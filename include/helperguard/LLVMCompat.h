//===- LLVMCompat.h - The LLVM versions helperguard builds against -*- C++ -*-//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// helperguard builds against every LLVM Debian packages: 14, 15, 16, 19 and
// 22. Every difference between their APIs lives in this file, in one #if
// ladder per difference, so no other file tests LLVM_VERSION_MAJOR.
//
// Built and tested here: 14, 15, 16, 19, 22. Not buildable here (Debian has
// no packages): 17, 18, 20, 21. For those, each ladder below takes the branch
// whose API the LLVM release notes and the headers' history give them:
//   17: StringRef::starts_with, std::optional, APInt::countr_one,
//       llvm::codegenoptions, FindDbgDeclareUses, dbg.assign intrinsics.
//   18: as 17, but findDbgDeclares (renamed in January 2024).
//   20, 21: as 19, but OptimizerLastEP takes a ThinOrFullLTOPhase.
// The names below are the ones a reader of the LLVM 22 code would expect, so
// the call sites read as plain LLVM.
//
// Two sections are compiled only where they are needed: pass-plugin
// registration behind HELPERGUARD_COMPAT_PASS_PLUGIN (passes/Plugin.cpp) and
// Clang's differences behind HELPERGUARD_COMPAT_CLANG (clang-plugin/), so the
// tool never sees Clang and only one file pulls in the PassBuilder.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_LLVMCOMPAT_H
#define HELPERGUARD_LLVMCOMPAT_H

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Compiler.h"
// Triple moved to TargetParser in LLVM 17.
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/TargetParser/Triple.h"
#else
#include "llvm/ADT/Triple.h"
#endif

#include <optional>
#include <utility>

#if LLVM_VERSION_MAJOR < 14
#error "helperguard needs LLVM 14 or newer"
#endif

// Exported symbols of the plugin that the Clang plugin looks up with dlsym.
// LLVM 17 introduced the macro.
#ifndef LLVM_ATTRIBUTE_VISIBILITY_DEFAULT
#define LLVM_ATTRIBUTE_VISIBILITY_DEFAULT __attribute__((visibility("default")))
#endif

namespace helperguard {
namespace compat {

// StringRef::starts_with/ends_with arrived in LLVM 16 (SmallString's in 17);
// startswith/endswith left in 19. These work on every version.
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.size() >= Prefix.size() && S.take_front(Prefix.size()) == Prefix;
}
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() && S.take_back(Suffix.size()) == Suffix;
}

// llvm::json and friends return llvm::Optional before LLVM 16, std::optional
// from 16 on.
template <typename T> std::optional<T> toStd(std::optional<T> V) { return V; }
#if LLVM_VERSION_MAJOR < 16
template <typename T> std::optional<T> toStd(const llvm::Optional<T> &V) {
  if (V)
    return *V;
  return std::nullopt;
}
#endif

// "No value" for the llvm::Optional parameters of LLVM before 16 (such as
// sys::ExecuteAndWait's environment and redirects) and the std::optional
// ones from 16 on.
#if LLVM_VERSION_MAJOR >= 16
template <typename T> using Optional = std::optional<T>;
inline constexpr std::nullopt_t None = std::nullopt;
#else
template <typename T> using Optional = llvm::Optional<T>;
inline constexpr llvm::NoneType None = llvm::None;
#endif

// Triple::isBPF() arrived in LLVM 16.
inline bool isBPF(const llvm::Triple &T) {
  return T.getArch() == llvm::Triple::bpfel ||
         T.getArch() == llvm::Triple::bpfeb;
}

// The bytes an alloca allocates, 0 when unknown or scalable
// (AllocaInst::getAllocationSize arrived in LLVM 16).
inline uint64_t allocatedBytes(const llvm::AllocaInst *AI,
                               const llvm::DataLayout &DL) {
#if LLVM_VERSION_MAJOR >= 16
  auto Size = AI->getAllocationSize(DL);
  return Size && !Size->isScalable() ? Size->getFixedValue() : 0;
#else
  auto Bits = AI->getAllocationSizeInBits(DL);
  return Bits && !Bits->isScalable() ? Bits->getFixedValue() / 8 : 0;
#endif
}

// Ptr as a pointer to ElemTy, in Ptr's address space, for an IRBuilder B.
// With opaque pointers (the default from LLVM 15 on, the only kind from 17)
// that is Ptr itself; with LLVM 14's typed pointers a bitcast, so that a GEP
// over i8 or a store of an iN gets the pointer type it needs.
template <typename BuilderT>
llvm::Value *pointerTo(BuilderT &B, llvm::Value *Ptr, llvm::Type *ElemTy) {
#if LLVM_VERSION_MAJOR < 17
  auto *PT = llvm::cast<llvm::PointerType>(Ptr->getType());
  if (!PT->isOpaque())
    return B.CreateBitCast(Ptr, ElemTy->getPointerTo(PT->getAddressSpace()));
#endif
  (void)B;
  (void)ElemTy;
  return Ptr;
}

// The number of trailing one bits (APInt::countr_one from LLVM 17 on).
inline unsigned countTrailingOnes(const llvm::APInt &V) {
#if LLVM_VERSION_MAJOR >= 17
  return V.countr_one();
#else
  return V.countTrailingOnes();
#endif
}

// Runs F when the returned object goes out of scope (LLVM 22 deprecates
// make_scope_exit for the class template scope_exit).
template <typename Callable> auto onScopeExit(Callable &&F) {
#if LLVM_VERSION_MAJOR >= 22
  return llvm::scope_exit(std::forward<Callable>(F));
#else
  return llvm::make_scope_exit(std::forward<Callable>(F));
#endif
}

// The source variable that lives in AI, from its dbg.declare or (assignment
// tracking, LLVM 16 on) its first dbg.assign; null without debug info.
// LLVM 19 on keeps them as debug records, earlier versions as intrinsics.
inline const llvm::DILocalVariable *declaredVariable(llvm::AllocaInst *AI) {
#if LLVM_VERSION_MAJOR >= 19
  for (llvm::DbgVariableRecord *DVR : llvm::findDVRDeclares(AI))
    return DVR->getVariable();
  for (llvm::DbgVariableRecord *DVR : llvm::at::getDVRAssignmentMarkers(AI))
    return DVR->getVariable();
#elif LLVM_VERSION_MAJOR >= 18
  for (llvm::DbgDeclareInst *DDI : llvm::findDbgDeclares(AI))
    return DDI->getVariable();
  for (llvm::DbgAssignIntrinsic *DAI : llvm::at::getAssignmentMarkers(AI))
    return DAI->getVariable();
#else
  // With typed pointers (clang 14) the dbg.declare may name a bitcast of the
  // alloca ([64 x i8]* of a struct) rather than the alloca itself.
  llvm::SmallVector<llvm::Value *, 2> Addresses{AI};
  for (llvm::User *U : AI->users())
    if (llvm::isa<llvm::BitCastInst>(U))
      Addresses.push_back(U);
  for (llvm::Value *A : Addresses)
    for (llvm::DbgDeclareInst *DDI : llvm::FindDbgDeclareUses(A))
      return DDI->getVariable();
#if LLVM_VERSION_MAJOR >= 16
  for (llvm::DbgAssignIntrinsic *DAI : llvm::at::getAssignmentMarkers(AI))
    return DAI->getVariable();
#endif
#endif
  return nullptr;
}

} // namespace compat
} // namespace helperguard

// --- Pass-plugin registration (passes/Plugin.cpp only) ----------------------
#ifdef HELPERGUARD_COMPAT_PASS_PLUGIN
#include "llvm/Passes/PassBuilder.h"
// The plugin interface moved to its own directory in LLVM 22.
#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif
namespace helperguard {
namespace compat {
// Calls AddPasses(MPM) at the end of the optimisation pipeline, at every -O
// level. LLVM 20 added the LTO phase to the callback.
template <typename Fn>
void registerOptimizerLast(llvm::PassBuilder &PB, Fn AddPasses) {
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [=](llvm::ModulePassManager &MPM, llvm::OptimizationLevel,
          llvm::ThinOrFullLTOPhase) { AddPasses(MPM); });
#else
  PB.registerOptimizerLastEPCallback(
      [=](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        AddPasses(MPM);
      });
#endif
}
// Calls AddPasses(MPM) at the end of the full-LTO pipeline. LLVM 14 has no
// such extension point: a full-LTO link there runs no helperguard; the
// per-object compile already did.
template <typename Fn>
void registerFullLTOLast(llvm::PassBuilder &PB, Fn AddPasses) {
#if LLVM_VERSION_MAJOR >= 15
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [=](llvm::ModulePassManager &MPM, llvm::OptimizationLevel) {
        AddPasses(MPM);
      });
#else
  (void)PB;
  (void)AddPasses;
#endif
}
} // namespace compat
} // namespace helperguard
#endif

// --- Clang (the Clang plugin only) ------------------------------------------
#ifdef HELPERGUARD_COMPAT_CLANG
#include "clang/Basic/CodeGenOptions.h"
namespace helperguard {
namespace compat {
// The debug-info kinds moved from clang:: to llvm:: in LLVM 17.
#if LLVM_VERSION_MAJOR >= 17
namespace codegenoptions = llvm::codegenoptions;
#else
namespace codegenoptions = clang::codegenoptions;
#endif
} // namespace compat
} // namespace helperguard
#endif

#endif // HELPERGUARD_LLVMCOMPAT_H
