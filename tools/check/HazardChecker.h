//===- HazardChecker.h - Stale helper writes the program relies on -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// For every program of a BPF object, an abstract interpretation of what the
// verifier believes (StackState.h) over the program's graph with its
// subprograms inlined (ProgramGraph.h), to a fixed point.
//
// At a helper call, each argument the helper database says is stale on some
// targeted kernel (the helper writes it, that kernel's prototype does not say
// so) and that points into a stack frame taints the bytes the helper may
// write: [ptr, ptr + size), the size from the prototype or from the size
// register (a constant, else its bound, else to the top of the frame). The
// verifier's belief about those bytes does not change. Arguments the kernel
// declares written on every targeted kernel make the verifier forget the
// bytes (STACK_MISC), as do kfunc arguments the database says it forgets.
//
// Loads carry the taint of the bytes they read into the register when the
// verifier gets knowledge from them (a constant, a bound, a pointer; never
// from STACK_MISC or STACK_INVALID bytes), ALU results keep it while they
// keep knowledge (adding an unknown value, as the guard's opaque zero does,
// ends it), spills put it back on the stack. The call is hazardous when a
// tainted value with knowledge is *used* where the verifier's belief changes
// the program or its safety: a conditional jump (the verifier prunes the
// branch it believes dead), pointer arithmetic or a memory access address,
// the size argument of a helper, or a map key it reads from the stack.
// Storing the value to memory or returning it is not a use: the program
// computes with the real bytes there.
//
// Conservative where it cannot tell: joins of paths keep "maybe known"
// (Maybe bytes, MaybeKnown values) and a helper argument that may or may not
// point into the stack is a hazard ("unsure").
//
// Callbacks (Callbacks.h, ProgramGraph.h): at a helper call that passes one
// (bpf_loop, bpf_for_each_map_elem, bpf_find_vma, bpf_user_ringbuf_drain),
// the callback the register holds is entered with the state before the call
// in a new frame, its argument registers set as the verifier sets them (the
// context may point into the caller's stack, so its writes and reads are
// the caller's bytes); its exits return to the helper call, which enters it
// again or goes on, to a fixed point: called zero or more times. Its R0 at
// exit is a use (the verifier checks its range). A timer callback is entered
// on a fresh state of one frame. Open-coded iterators are plain loops.
// Not modelled: conditional branch refinement, callbacks passed to kfuncs,
// and big-endian narrow fills.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_HAZARDCHECKER_H
#define HELPERGUARD_CHECK_HAZARDCHECKER_H

#include "BpfObject.h"

#include "helperguard/HelperDB.h"
#include "helperguard/KernelVersion.h"

#include <set>
#include <string>
#include <vector>

namespace helperguard {
namespace check {

using InsnLoc = std::pair<unsigned, size_t>; // (section, instruction index)

struct CallVerdict {
  InsnLoc Loc;
  bool IsKfunc = false;
  unsigned HelperId = 0;
  std::string Name;                  ///< helper or kfunc name
  std::set<std::string> Programs;    ///< programs that reach the call
  std::set<std::string> ProgTypes;   ///< their types ("any" if unknown)
  bool Stale = false;                ///< some argument stale on a target
  bool StackArg = false;             ///< a stale argument points to the stack
  bool KnownBefore = false;          ///< ... at bytes the verifier knew
  bool Hazardous = false;
  bool Unsure = false;               ///< hazard assumed, not shown
  bool NewerThanDB = false;
  KernelSet Kernels;                 ///< kernels where it is hazardous
  std::set<InsnLoc> Uses;            ///< where the stale knowledge is used
  /// Loads of stack bytes the helper may write (not overwritten since),
  /// with or without knowledge: where the verifier-log oracle (test/oracle)
  /// reads what the verifier believed.
  std::set<InsnLoc> Reads;
  /// Arguments (1-based) that point into read-only memory on some path:
  /// (argument, 1 + ReadOnlyMemory kind), for AvailabilityChecker.
  std::set<std::pair<unsigned, uint8_t>> ReadOnlyArgs;
  std::string Reason;
};

/// A program the checker could not analyse, and why.
struct ProgramError {
  std::string Program;
  std::string Section;
  std::string Message;
};

struct CheckResult {
  std::vector<CallVerdict> Calls; ///< helper and kfunc calls, by location
  std::vector<ProgramError> Errors;
  unsigned Programs = 0;
  bool hazardous() const;
};

CheckResult checkObject(const BpfObject &Obj, const HelperDB &DB,
                        const KernelSet &Targets);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_HAZARDCHECKER_H
