//===- HazardAnalysis.h - Helper calls the verifier may misjudge -*- C++ -*-=//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A helper call is hazardous for a stack object when, on some targeted
// kernel and for some program type that reaches it,
//   - the helper writes the argument but the kernel's prototype does not say
//     so (the helper database's "stale" arguments),
//   - some bytes the helper may write were given contents the verifier knows
//     on a path to the call (constant stores, memset, copies of constants,
//     bounded values, in the caller too), and
//   - a read after the call may learn from them (StackKnowledge: the
//     program's own loads, as the verifier fills them from its stack slots;
//     helpers that only copy the bytes fold nothing).
// Then the verifier keeps the old contents, folds the reads and prunes the
// branches it believes dead. Where the analysis cannot tell, it assumes the
// hazard.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_HAZARDANALYSIS_H
#define HELPERGUARD_PASSES_HAZARDANALYSIS_H

#include "ProgramTypes.h"
#include "StackAccesses.h"
#include "VerifierKills.h"

#include "helperguard/HelperDB.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/MapVector.h"

#include <map>
#include <string>
#include <vector>

namespace llvm {
class CallBase;
class Module;
} // namespace llvm

namespace helperguard {

/// One stack object a hazardous helper call writes.
struct HazardInstance {
  const StackObject *Obj;
  const StackAccess *Helper;          ///< the HelperArg access
  StaleArg Arg;                       ///< what the database says
  llvm::BitVector Written;            ///< bytes the helper may write
  llvm::BitVector Hazard;             ///< written, known before, read after
  std::vector<const StackAccess *> Inits; ///< known writes that reach it
  /// For each of Inits, its bytes the helper writes that no later write
  /// overwrites on every path to the call.
  std::vector<llvm::BitVector> InitBytes;
  std::vector<const StackAccess *> Reads; ///< reads it may reach
};

/// What was decided about one helper call.
struct SiteVerdict {
  llvm::CallBase *Call = nullptr;
  unsigned HelperId = 0;
  std::string HelperName;   ///< from the database, or "helper #N"
  std::string ProgTypes;    ///< "lsm", "xdp, sched_cls", ...
  KernelSet Kernels;        ///< kernels where it is hazardous
  bool Hazardous = false;
  bool Unsure = false;      ///< hazard assumed, not shown
  /// The helper id is above every id the database knows of (a helper newer
  /// than the database): every pointer argument is assumed written and
  /// undeclared on every targeted kernel that is not clobber-all.
  bool NewerThanDB = false;
  /// NewerThanDB: some pointer argument may be a stack address (the only
  /// memory whose stale contents the verifier keeps). Without one there is
  /// nothing to warn of.
  bool MayPassStack = false;
  std::string Reason;       ///< why it is (not) hazardous
  std::vector<HazardInstance> Instances;
};

class HazardAnalysis {
public:
  HazardAnalysis(llvm::Module &M, const HelperDB &DB, const KernelSet &Targets);

  /// Every helper call of the module, in module order.
  const llvm::MapVector<llvm::CallBase *, SiteVerdict> &sites() const {
    return Sites;
  }
  const ProgramTypes &programTypes() const { return PT; }
  const std::vector<StackObject> &objects() const { return Objects; }

  /// Whether access A may execute before access B (in the same invocation
  /// of the object's function, counting loops).
  static bool mayPrecede(const StackAccess &A, const StackAccess &B);

private:
  const HelperDB &DB;
  const KernelSet &Targets;
  ProgramTypes PT;
  VerifierKills Kills;
  std::vector<StackObject> Objects;
  bool AnyEscaped = false; ///< some alloca's address escapes
  llvm::MapVector<llvm::CallBase *, SiteVerdict> Sites;

  void examineObject(const StackObject &Obj);
  void examineAccess(const StackObject &Obj, const StackAccess &H);
  void examineUntracedCalls(llvm::Module &M);
  bool countsAsRead(const StackAccess &A) const;
  /// DB.staleArgs(), or for a helper newer than the database the worst case.
  std::optional<std::vector<StaleArg>>
  staleArgsOf(const llvm::CallBase &CB, unsigned Id,
              const std::vector<std::string> &ProgTypes) const;
  /// The kernels a helper is affected on anywhere, for the verdict's reason
  /// when none of them is targeted (once per helper and program types).
  KernelSet affectedAnywhere(unsigned Id,
                             const std::vector<std::string> &ProgTypes);
  using StaleKey = std::pair<unsigned, std::vector<std::string>>;
  mutable std::map<StaleKey, std::optional<std::vector<StaleArg>>> StaleCache;
  std::map<StaleKey, KernelSet> AnywhereCache;
  SiteVerdict &verdictFor(llvm::CallBase *CB, unsigned Id);
  /// A kfunc argument the verifier forgets on every targeted kernel.
  std::optional<KfuncWrite> kfuncWrite(llvm::StringRef Callee,
                                       unsigned ArgNo) const;
};

} // namespace helperguard

#endif // HELPERGUARD_PASSES_HAZARDANALYSIS_H
