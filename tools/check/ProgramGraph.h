//===- ProgramGraph.h - One program with its subprograms inlined -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The control-flow graph the verifier walks for one program: every
// instruction reachable from the program's entry, with each bpf-to-bpf call
// expanded into its own copy of the callee (a context per call site, as the
// verifier explores a callee once per call path), up to the verifier's eight
// call frames. Call targets come from the relocation against .text, as libbpf
// resolves them (symbol offset / 8 + imm + 1), or without one, pc-relative in
// the same section.
//
// A helper call that passes a callback (Callbacks.h) gets a copy of every
// subprogram whose address the functions active at the call load (the
// analysis picks the one the register holds): a synchronous callback one
// frame deeper, its exits returning to the helper call (the verifier walks
// the callback again from there, or goes on after the call); an
// asynchronous one (timers) once per program, in frame 0, its exits ending
// the walk.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_PROGRAMGRAPH_H
#define HELPERGUARD_CHECK_PROGRAMGRAPH_H

#include "BpfObject.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace helperguard {
namespace check {

/// A callback a helper call may call, expanded for that call.
struct CallbackEdge {
  unsigned Entry = 0; ///< the callback's entry node
  unsigned Sec = 0;   ///< the callback's first instruction
  size_t Idx = 0;
  bool Async = false;
};

struct GraphNode {
  unsigned Sec = 0;  ///< index into BpfObject::Sections
  size_t Idx = 0;    ///< instruction index in the section
  uint8_t Depth = 0; ///< call frame (0: the program)
  std::vector<unsigned> Succs;
  unsigned NumPreds = 0;
  /// A helper call passing a callback: the callbacks it may call (not in
  /// Succs: the analysis enters them with the state before the call).
  std::vector<CallbackEdge> Callbacks;
  /// An exit of a synchronous callback: Succs is the helper call.
  bool ReturnsToCallSite = false;
};

struct ProgramGraph {
  std::vector<GraphNode> Nodes; ///< Nodes[0] is the entry

  /// Builds the graph of the program at F. Errors: jumps out of the code,
  /// calls the relocation does not resolve, recursion, more than eight
  /// frames, more than MaxNodes nodes after inlining (the analysis keeps a
  /// state of some kilobytes per basic block).
  static llvm::Expected<ProgramGraph> build(const BpfObject &Obj,
                                            const BpfFunction &F,
                                            size_t MaxNodes = 200000);
};

/// Whether the call at Idx of section Sec calls a kfunc: src_reg 2, or, as
/// clang writes them in a .o (libbpf rewrites them), a bpf-to-bpf call
/// relocated against an undefined (extern __ksym) symbol.
bool isKfuncCall(const BpfObject &Obj, unsigned Sec, size_t Idx);

/// The (section, index) a bpf-to-bpf call at Idx of section Sec targets.
llvm::Expected<std::pair<unsigned, size_t>>
callTarget(const BpfObject &Obj, unsigned Sec, size_t Idx);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_PROGRAMGRAPH_H
