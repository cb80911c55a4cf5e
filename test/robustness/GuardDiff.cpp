//===- GuardDiff.cpp - Check that helperguard only added guard code -------===//
//
//   hg-guard-diff IN.ll OUT.ll [IN2.ll OUT2.ll ...]
//
// Compares each module OUT (helperguard's output) with IN (its input) and
// fails unless they differ only by the guard code docs/how-it-works.md documents:
//   (a) opaque zeros: the inline asm "$0 = r10\n\t$0 -= r10", or a volatile
//       load of @__helperguard_zero (an internal i64 0 in .bss, added once);
//   (b) adds, truncs, zexts, inttoptrs of such zeros (their value is the
//       value without the zero);
//   (c) stores whose value became such a value (same pointer, same value
//       once the zero is taken out);
//   (d) a memset or a memcpy from a constant global replaced by stores, at
//       constant offsets of the same destination, of exactly the bytes it
//       wrote (or a memset whose byte had the zero added);
//   (e) right after a helper call: load, add the zero, store back to the
//       same address (with the address computations they need);
//   (f) allocas whose alignment was raised to 8.
// Everything else (blocks, instructions, operands, globals, functions,
// attributes) must be the same. The tool knows nothing of the pass's code:
// it checks the module against this description only.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>
#include <vector>

using namespace llvm;

namespace {

constexpr const char *PtrDiffAsm = "$0 = r10\n\t$0 -= r10";
constexpr const char *ZeroGlobal = "__helperguard_zero";

std::string str(const Value *V) {
  std::string S;
  raw_string_ostream OS(S);
  if (V)
    V->print(OS);
  else
    OS << "(none)";
  return S;
}

bool isOpaqueZero(const Value *V) {
  if (const auto *CI = dyn_cast<CallInst>(V))
    if (const auto *IA = dyn_cast<InlineAsm>(CI->getCalledOperand()))
      return IA->getAsmString() == PtrDiffAsm && CI->arg_empty() &&
             CI->getType()->isIntegerTy(64);
  if (const auto *LI = dyn_cast<LoadInst>(V))
    if (const auto *GV = dyn_cast<GlobalVariable>(LI->getPointerOperand()))
      return GV->getName() == ZeroGlobal && LI->isVolatile() &&
             LI->getType()->isIntegerTy(64);
  return false;
}

bool isHelperCall(const Instruction *I) {
  const auto *CB = dyn_cast<CallBase>(I);
  if (!CB || CB->getCalledFunction() || CB->isInlineAsm())
    return false;
  const Value *Callee = CB->getCalledOperand();
  // -O0: the helper's pointer is loaded from a constant global.
  if (const auto *LI = dyn_cast<LoadInst>(Callee))
    if (const auto *GV = dyn_cast<GlobalVariable>(LI->getPointerOperand()))
      if (GV->hasDefinitiveInitializer())
        Callee = GV->getInitializer();
  const auto *CE = dyn_cast<ConstantExpr>(Callee);
  return CE && CE->getOpcode() == Instruction::IntToPtr;
}

class FunctionDiff {
public:
  FunctionDiff(const Function &In, const Function &Out, std::string &Err)
      : In(In), Out(Out), DL(Out.getParent()->getDataLayout()), Err(Err) {}

  bool run();

private:
  const Function &In, &Out;
  const DataLayout &DL;
  std::string &Err;
  DenseMap<const Value *, const Value *> Map; // input value -> output value
  std::vector<std::pair<const Value *, const Value *>> Deferred;
  DenseSet<const Instruction *> Added; // guard instructions of the output
  DenseSet<const Instruction *> MatchedOut; // output instructions matched
  DenseMap<const Value *, const Value *> Folded;

  bool fail(const Twine &Msg) {
    Err = ("function '" + In.getName() + "': " + Msg).str();
    return false;
  }

  /// The value of V with the guard's opaque zeros taken out.
  const Value *fold(const Value *V);
  /// Whether V is guard arithmetic: its value is something else's.
  bool isGuardValue(const Value *V) { return isOpaqueZero(V) || fold(V) != V; }
  bool valuesMatch(const Value *I, const Value *O);
  bool constantsMatch(const Constant *I, const Constant *O);
  bool instsMatch(const Instruction &I, const Instruction &O);
  bool sameAddress(const Value *A, const Value *B);
  bool matchBlock(const BasicBlock &BI, const BasicBlock &BO);
  bool matchExpansion(const MemIntrinsic &MI, const BasicBlock &BO,
                      BasicBlock::const_iterator &J);
  /// Skips guard values and new address computations at J; records them
  /// in Skipped (default: as guard code).
  void skipPure(const BasicBlock &BO, BasicBlock::const_iterator &J,
                std::vector<const Instruction *> *Skipped = nullptr);
  /// A reload (e) at J: moves J past it.
  bool matchReload(const BasicBlock &BO, BasicBlock::const_iterator &J);
};

const Value *FunctionDiff::fold(const Value *V) {
  auto It = Folded.find(V);
  if (It != Folded.end())
    return It->second;
  const Value *R = V;
  if (isOpaqueZero(V)) {
    R = ConstantInt::get(V->getType(), 0);
  } else if (const auto *C = dyn_cast<CastInst>(V)) {
    if (const auto *K = dyn_cast<Constant>(fold(C->getOperand(0))))
      if (K != C->getOperand(0))
        R = ConstantFoldCastOperand(C->getOpcode(), const_cast<Constant *>(K),
                                    C->getType(), DL);
    if (!R)
      R = V;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(V)) {
    if (BO->getOpcode() == Instruction::Add) {
      const Value *A = BO->getOperand(0), *B = BO->getOperand(1);
      const Value *FA = fold(A), *FB = fold(B);
      auto IsGuardZero = [](const Value *Orig, const Value *F) {
        const auto *K = dyn_cast<Constant>(F);
        return F != Orig && K && K->isNullValue();
      };
      if (IsGuardZero(B, FB))
        R = FA;
      else if (IsGuardZero(A, FA))
        R = FB;
    }
  }
  Folded[V] = R;
  return R;
}

bool FunctionDiff::constantsMatch(const Constant *I, const Constant *O) {
  if (const auto *GI = dyn_cast<GlobalValue>(I)) {
    const auto *GO = dyn_cast<GlobalValue>(O);
    return GO && GI->getName() == GO->getName() && GI->getType() == GO->getType();
  }
  if (I == O)
    return true;
  if (I->getValueID() != O->getValueID() || I->getType() != O->getType() ||
      I->getNumOperands() != O->getNumOperands())
    return false;
  if (const auto *CI = dyn_cast<ConstantExpr>(I)) {
    const auto *CO = cast<ConstantExpr>(O);
    if (CI->getOpcode() != CO->getOpcode())
      return false;
  }
  if (isa<ConstantData>(I)) // uniqued per context: equal means identical
    return false;
  for (unsigned K = 0; K < I->getNumOperands(); ++K)
    if (!constantsMatch(cast<Constant>(I->getOperand(K)),
                        cast<Constant>(O->getOperand(K))))
      return false;
  return true;
}

bool FunctionDiff::valuesMatch(const Value *I, const Value *O) {
  O = fold(O);
  if (const auto *CI = dyn_cast<Constant>(I)) {
    const auto *CO = dyn_cast<Constant>(O);
    return CO && constantsMatch(CI, CO);
  }
  if (const auto *AI = dyn_cast<InlineAsm>(I)) {
    const auto *AO = dyn_cast<InlineAsm>(O);
    return AO && AI->getAsmString() == AO->getAsmString() &&
           AI->getConstraintString() == AO->getConstraintString() &&
           AI->getFunctionType() == AO->getFunctionType() &&
           AI->hasSideEffects() == AO->hasSideEffects();
  }
  if (isa<MetadataAsValue>(I))
    return isa<MetadataAsValue>(O);
  auto It = Map.find(I);
  if (It != Map.end())
    return It->second == O;
  if (isa<Instruction>(I)) { // defined later (phis, loops): check at the end
    Deferred.push_back({I, O});
    return true;
  }
  return false;
}

bool FunctionDiff::instsMatch(const Instruction &I, const Instruction &O) {
  if (const auto *AI = dyn_cast<AllocaInst>(&I)) {
    const auto *AO = dyn_cast<AllocaInst>(&O);
    return AO && AI->getAllocatedType() == AO->getAllocatedType() &&
           valuesMatch(AI->getArraySize(), AO->getArraySize()) &&
           AI->getAddressSpace() == AO->getAddressSpace() &&
           (AI->getAlign() == AO->getAlign() ||
            (AI->getAlign() < Align(8) && AO->getAlign() == Align(8)));
  }
  if (!I.isSameOperationAs(&O) || I.getNumOperands() != O.getNumOperands())
    return false;
  if (const auto *CI = dyn_cast<CallBase>(&I))
    if (CI->getAttributes() != cast<CallBase>(O).getAttributes() ||
        CI->getFunctionType() != cast<CallBase>(O).getFunctionType())
      return false;
  if (const auto *PI = dyn_cast<PHINode>(&I)) {
    const auto *PO = cast<PHINode>(&O);
    for (unsigned K = 0; K < PI->getNumIncomingValues(); ++K)
      if (Map.lookup(PI->getIncomingBlock(K)) != PO->getIncomingBlock(K))
        return false;
  }
  for (unsigned K = 0; K < I.getNumOperands(); ++K) {
    const Value *VI = I.getOperand(K), *VO = O.getOperand(K);
    if (isa<BasicBlock>(VI)) {
      if (Map.lookup(VI) != VO)
        return false;
      continue;
    }
    if (!valuesMatch(VI, VO))
      return false;
  }
  return true;
}

/// Whether A and B are the same address: the same base plus the same
/// constant offset.
bool FunctionDiff::sameAddress(const Value *A, const Value *B) {
  APInt OA(DL.getIndexTypeSizeInBits(A->getType()), 0), OB = OA;
  const Value *BA = A->stripAndAccumulateConstantOffsets(DL, OA, true);
  const Value *BB = B->stripAndAccumulateConstantOffsets(DL, OB, true);
  return BA == BB && OA == OB;
}

void FunctionDiff::skipPure(const BasicBlock &BO, BasicBlock::const_iterator &J,
                            std::vector<const Instruction *> *Skipped) {
  while (J != BO.end()) {
    const Instruction &O = *J;
    bool NewGEP = false;
    if (const auto *G = dyn_cast<GetElementPtrInst>(&O))
      NewGEP = G->hasAllConstantIndices() && !G->use_empty() &&
               all_of(G->users(), [](const User *U) {
                 return isa<LoadInst>(U) || isa<StoreInst>(U);
               });
    if (!isGuardValue(&O) && !NewGEP)
      return;
    if (Skipped)
      Skipped->push_back(&O);
    else
      Added.insert(&O);
    ++J;
  }
}

bool FunctionDiff::matchExpansion(const MemIntrinsic &MI, const BasicBlock &BO,
                                  BasicBlock::const_iterator &J) {
  const auto *Len = dyn_cast<ConstantInt>(MI.getLength());
  if (!Len || Len->getZExtValue() > 4096)
    return false;
  uint64_t N = Len->getZExtValue();
  std::vector<uint8_t> Want(N);
  if (const auto *MS = dyn_cast<MemSetInst>(&MI)) {
    const auto *B = dyn_cast<ConstantInt>(MS->getValue());
    if (!B)
      return false;
    std::fill(Want.begin(), Want.end(), uint8_t(B->getZExtValue()));
  } else if (const auto *MT = dyn_cast<MemTransferInst>(&MI)) {
    APInt Off(DL.getIndexTypeSizeInBits(MT->getSource()->getType()), 0);
    const auto *GV = dyn_cast<GlobalVariable>(
        MT->getSource()->stripAndAccumulateConstantOffsets(DL, Off, true));
    if (!GV || !GV->isConstant() || !GV->hasDefinitiveInitializer())
      return false;
    for (uint64_t K = 0; K < N; ++K) {
      Constant *C = ConstantFoldLoadFromConst(
          const_cast<Constant *>(GV->getInitializer()), Type::getInt8Ty(GV->getContext()),
          APInt(64, Off.getSExtValue() + K), DL);
      const auto *CI = dyn_cast_or_null<ConstantInt>(C);
      if (!CI)
        return false;
      Want[K] = uint8_t(CI->getZExtValue());
    }
  } else {
    return false;
  }
  // The destination in the output: the input's destination mapped.
  APInt DOff(DL.getIndexTypeSizeInBits(MI.getDest()->getType()), 0);
  const Value *DBaseIn = MI.getDest()->stripAndAccumulateConstantOffsets(
      MI.getModule()->getDataLayout(), DOff, true);
  const Value *DBase = Map.lookup(DBaseIn);
  if (!DBase)
    return false;
  std::vector<int> Got(N, -1);
  uint64_t Covered = 0;
  auto Save = J;
  while (Covered < N) {
    skipPure(BO, J);
    if (J == BO.end())
      break;
    const auto *SI = dyn_cast<StoreInst>(&*J);
    if (!SI || SI->isVolatile() != MI.isVolatile())
      break;
    const auto *V = dyn_cast<ConstantInt>(fold(SI->getValueOperand()));
    APInt SOff(DL.getIndexTypeSizeInBits(SI->getPointerOperand()->getType()), 0);
    const Value *SBase =
        SI->getPointerOperand()->stripAndAccumulateConstantOffsets(DL, SOff, true);
    if (!V || SBase != DBase || V->getBitWidth() % 8)
      break;
    int64_t Rel = SOff.getSExtValue() - DOff.getSExtValue();
    unsigned W = V->getBitWidth() / 8;
    if (Rel < 0 || uint64_t(Rel) + W > N)
      break;
    for (unsigned K = 0; K < W; ++K) {
      unsigned Shift = DL.isLittleEndian() ? K : W - 1 - K;
      uint8_t Byte = uint8_t(V->getValue().extractBitsAsZExtValue(8, Shift * 8));
      if (Got[Rel + K] != -1)
        return fail("a replaced memory intrinsic writes a byte twice: " +
                    str(SI));
      Got[Rel + K] = Byte;
      ++Covered;
    }
    Added.insert(SI);
    ++J;
  }
  if (Covered != N) {
    J = Save;
    return false;
  }
  for (uint64_t K = 0; K < N; ++K)
    if (Got[K] != Want[K])
      return fail("stores replacing " + str(&MI) + " write byte " + Twine(K) +
                  " = " + Twine(Got[K]) + ", expected " + Twine(Want[K]));
  return true;
}

bool FunctionDiff::matchReload(const BasicBlock &BO,
                               BasicBlock::const_iterator &J) {
  std::vector<const Instruction *> Skipped;
  auto L = J;
  skipPure(BO, L, &Skipped);
  const auto *LI = L != BO.end() ? dyn_cast<LoadInst>(&*L) : nullptr;
  if (!LI || LI->isVolatile())
    return false;
  auto K = std::next(L);
  skipPure(BO, K, &Skipped);
  const auto *SI = K != BO.end() ? dyn_cast<StoreInst>(&*K) : nullptr;
  if (!SI || SI->isVolatile() || SI->getValueOperand() == LI ||
      fold(SI->getValueOperand()) != LI ||
      !sameAddress(SI->getPointerOperand(), LI->getPointerOperand()))
    return false;
  for (const Instruction *X : Skipped)
    Added.insert(X);
  Added.insert(LI);
  Added.insert(SI);
  J = std::next(K);
  return true;
}

bool FunctionDiff::matchBlock(const BasicBlock &BI, const BasicBlock &BO) {
  auto I = BI.begin(), J = BO.begin();
  bool AfterHelperCall = false;
  while (I != BI.end() || J != BO.end()) {
    // (e) first: a reload's address computation may look like the program's.
    if (AfterHelperCall && matchReload(BO, J))
      continue;
    if (I != BI.end() && J != BO.end() && instsMatch(*I, *J)) {
      Map[&*I] = &*J;
      MatchedOut.insert(&*J);
      AfterHelperCall = isHelperCall(&*I);
      ++I, ++J;
      continue;
    }
    auto Before = J;
    skipPure(BO, J);
    if (J != Before)
      continue;
    // (d) a memset or constant memcpy expanded to stores.
    if (I != BI.end())
      if (const auto *MI = dyn_cast<MemIntrinsic>(&*I)) {
        if (matchExpansion(*MI, BO, J)) {
          AfterHelperCall = false;
          ++I;
          continue;
        }
        if (!Err.empty())
          return false;
      }
    return fail("block '" + BI.getName() + "': input " +
                (I == BI.end() ? std::string("(end)") : str(&*I)) +
                " vs output " +
                (J == BO.end() ? std::string("(end)") : str(&*J)));
  }
  return true;
}

bool FunctionDiff::run() {
  if (In.arg_size() != Out.arg_size() || In.size() != Out.size() ||
      In.getFunctionType() != Out.getFunctionType())
    return fail("signature or block count differs");
  if (In.getAttributes() != Out.getAttributes() ||
      In.getSection() != Out.getSection() || In.getLinkage() != Out.getLinkage())
    return fail("attributes, section or linkage differ");
  for (auto [AI, AO] : zip(In.args(), Out.args()))
    Map[&AI] = &AO;
  for (auto [BI, BO] : zip(In, Out))
    Map[&BI] = &BO;
  for (auto [BI, BO] : zip(In, Out))
    if (!matchBlock(BI, BO))
      return false;
  for (auto [I, O] : Deferred)
    if (Map.lookup(I) != fold(O))
      return fail("operand " + str(I) + " does not correspond to " + str(O));
  // Guard instructions feed only guard instructions, or (the guard's
  // values) the operands they replaced, checked above through fold().
  for (const Instruction *A : Added)
    for (const User *U : A->users()) {
      const auto *UI = cast<Instruction>(U);
      if (Added.count(UI) || isGuardValue(UI))
        continue;
      if (isGuardValue(A) && MatchedOut.count(UI))
        continue;
      return fail("guard instruction " + str(A) + " has unexpected user " +
                  str(UI));
    }
  return true;
}

bool diffModules(const Module &In, const Module &Out, std::string &Err) {
  if (In.getTargetTriple() != Out.getTargetTriple() ||
      In.getDataLayoutStr() != Out.getDataLayoutStr()) {
    Err = "triple or data layout differs";
    return false;
  }
  for (const GlobalVariable &GO : Out.globals()) {
    const GlobalVariable *GI = In.getGlobalVariable(GO.getName(), true);
    if (!GI) {
      if (GO.getName() == ZeroGlobal && GO.hasLocalLinkage() &&
          !GO.isConstant() && GO.getValueType()->isIntegerTy(64) &&
          GO.hasInitializer() && GO.getInitializer()->isNullValue() &&
          GO.getSection() == ".bss" &&
          all_of(GO.users(), [](const User *U) { return isOpaqueZero(U); }))
        continue;
      Err = "global @" + GO.getName().str() + " was added";
      return false;
    }
    if (GI->getValueType() != GO.getValueType() ||
        GI->isConstant() != GO.isConstant() ||
        GI->getLinkage() != GO.getLinkage() ||
        GI->getSection() != GO.getSection()) {
      Err = "global @" + GO.getName().str() + " changed";
      return false;
    }
  }
  for (const GlobalVariable &GI : In.globals())
    if (!Out.getGlobalVariable(GI.getName(), true)) {
      Err = "global @" + GI.getName().str() + " was removed";
      return false;
    }
  for (const Function &FI : In) {
    const Function *FO = Out.getFunction(FI.getName());
    if (!FO) {
      if (FI.isIntrinsic()) // an expanded memset's declaration may go
        continue;
      Err = "function @" + FI.getName().str() + " was removed";
      return false;
    }
    if (FI.isDeclaration() != FO->isDeclaration()) {
      Err = "function @" + FI.getName().str() + " changed";
      return false;
    }
    if (!FI.isDeclaration() && !FunctionDiff(FI, *FO, Err).run())
      return false;
  }
  for (const Function &FO : Out)
    if (!In.getFunction(FO.getName()) && !FO.isIntrinsic()) {
      Err = "function @" + FO.getName().str() + " was added";
      return false;
    }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3 || (argc - 1) % 2) {
    errs() << "usage: hg-guard-diff IN.ll OUT.ll [IN2.ll OUT2.ll ...]\n";
    return 2;
  }
  int Failures = 0;
  for (int A = 1; A + 1 < argc; A += 2) {
    LLVMContext Ctx; // one context: types and constants compare by identity
    SMDiagnostic D;
    std::unique_ptr<Module> In = parseIRFile(argv[A], D, Ctx);
    if (!In) {
      D.print("hg-guard-diff", errs());
      return 2;
    }
    std::unique_ptr<Module> Out = parseIRFile(argv[A + 1], D, Ctx);
    if (!Out) {
      D.print("hg-guard-diff", errs());
      return 2;
    }
    std::string Err;
    if (!diffModules(*In, *Out, Err)) {
      errs() << argv[A + 1] << ": not only guard code: " << Err << "\n";
      ++Failures;
    }
  }
  return Failures ? 1 : 0;
}
