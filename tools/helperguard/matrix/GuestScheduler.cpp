//===- GuestScheduler.cpp - Shards and parallel guests --------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Guests share nothing but the setup (scripts, loader, accelerator, the
// "KVM failed" flag) and the kernel cache, whose fetches fetch-kernel
// serialises with a lock. Each guest has its own directory under the work
// directory.
//
//===----------------------------------------------------------------------===//

#include "GuestScheduler.h"

#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>
#include <thread>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

std::vector<GuestWork> planGuests(unsigned NumKernels, unsigned NumObjects,
                                  unsigned Shard, unsigned Shards) {
  uint64_t Total = uint64_t(NumKernels) * NumObjects;
  uint64_t Begin = Total * (Shard - 1) / Shards, End = Total * Shard / Shards;
  std::vector<GuestWork> Plan;
  for (uint64_t Item = Begin; Item < End; ++Item) {
    unsigned K = Item / NumObjects, Obj = Item % NumObjects;
    if (Plan.empty() || Plan.back().Kernel != K) {
      Plan.emplace_back();
      Plan.back().Kernel = K;
    }
    Plan.back().Objects.push_back(Obj);
  }
  return Plan;
}

namespace {

KernelResult runOne(GuestSetup &S, const MatrixOptions &O, const GuestWork &W,
                    unsigned Index, unsigned Count, raw_ostream &Log) {
  std::vector<std::string> Objects;
  for (unsigned Obj : W.Objects)
    Objects.push_back(O.Objects[Obj]);
  KernelResult K =
      runKernel(S, O.Kernels[W.Kernel], Index, Count, Objects, Log);
  for (ProgResult &P : K.Progs)
    P.ObjIndex = W.Objects[P.ObjIndex];
  return K;
}

} // namespace

std::vector<KernelResult> runPlan(GuestSetup &S, const MatrixOptions &O,
                                  const std::vector<GuestWork> &Plan) {
  std::vector<KernelResult> Results(Plan.size());
  unsigned Count = Plan.size();
  if (O.Jobs <= 1 || Count <= 1) {
    for (unsigned I = 0; I < Count; ++I)
      Results[I] = runOne(S, O, Plan[I], I + 1, Count, errs());
    return Results;
  }
  std::atomic<unsigned> Next{0};
  std::mutex Print;
  auto Worker = [&] {
    for (unsigned I = Next++; I < Count; I = Next++) {
      std::string Line;
      raw_string_ostream Log(Line);
      Results[I] = runOne(S, O, Plan[I], I + 1, Count, Log);
      Log.flush();
      std::lock_guard<std::mutex> Lock(Print);
      errs() << Line;
      errs().flush();
    }
  };
  std::vector<std::thread> Threads;
  for (unsigned J = 0; J < std::min(O.Jobs, Count); ++J)
    Threads.emplace_back(Worker);
  for (std::thread &T : Threads)
    T.join();
  return Results;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
