//===- GuestScheduler.h - Which guests run, how many at once ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides the guests of one matrix run: the kernel x object work in kernel
// order, cut into --shard slices (contiguous, so that a slice boots as few
// kernels as it can: whole kernels plus at most a partial one at each end),
// one guest per kernel of the slice, up to --jobs guests at once. Results
// come back in kernel order whatever the order the guests finish in.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_GUESTSCHEDULER_H
#define HELPERGUARD_TOOLS_MATRIX_GUESTSCHEDULER_H

#include "GuestRun.h"
#include "MatrixTypes.h"

#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// One guest: a kernel (index into the kernel list) and the objects it
/// loads (indexes into the object list, ascending).
struct GuestWork {
  unsigned Kernel = 0;
  std::vector<unsigned> Objects;
};

/// The guests of slice Shard (1-based) of Shards over NumKernels x
/// NumObjects items (kernel-major order; slice K holds items
/// [(K-1)*T/N, K*T/N)).
std::vector<GuestWork> planGuests(unsigned NumKernels, unsigned NumObjects,
                                  unsigned Shard, unsigned Shards);

/// Runs Plan, up to O.Jobs guests at once, and returns one KernelResult per
/// guest, in Plan's order, with ProgResult::ObjIndex indexing O.Objects.
/// With one job, progress goes straight to stderr; with more, each guest's
/// progress line is printed when it finishes.
std::vector<KernelResult> runPlan(GuestSetup &S, const MatrixOptions &O,
                                  const std::vector<GuestWork> &Plan);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_GUESTSCHEDULER_H
