//===- GuestRun.h - Boot one kernel with the objects under QEMU -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides how the host side of "helperguard matrix" gets a kernel and runs
// a guest: which objects and kernel images are acceptable input, where the
// scripts (scripts/kbench: fetch-kernel, build-loader, run-guest), QEMU and
// the cache are, which accelerator to try (KVM unless it failed here within
// a day, else TCG), what the guest script runs, and when a kernel counts as
// unavailable or not booted.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_GUESTRUN_H
#define HELPERGUARD_TOOLS_MATRIX_GUESTRUN_H

#include "MatrixTypes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// scripts/kbench's cache: ${HELPERGUARD_CACHE:-$HOME/.cache/helperguard}.
std::string cacheDir();

/// The contents of the file at Path, or "" when it cannot be read.
std::string readFile(llvm::StringRef Path);

/// An error unless Path is an ELF object for the BPF machine.
llvm::Error checkObject(llvm::StringRef Path);

/// True when the kernel spec K names a file (a vmlinuz) rather than a
/// Debian version, series or alias.
bool looksLikePath(llvm::StringRef K);

/// An error unless Path is an x86 bzImage.
llvm::Error checkKernelImage(llvm::StringRef Path);

/// What every guest of one matrix run shares.
struct GuestSetup {
  std::string KBench;     // scripts/kbench of the source tree
  std::string Qemu;       // qemu-system-x86_64
  std::string Accel;      // what a guest tries first: kvm or tcg
  std::string KvmMark;    // file that remembers a failed KVM boot
  std::string Loader;     // the static guest loader
  std::string Work;       // the work directory of this run
  unsigned Timeout = 180; // seconds before a guest is declared hung
  std::atomic<bool> KvmFellBack{false}; // KVM failed once: TCG from then on
};

/// Finds scripts/kbench and QEMU and picks the accelerator (messages about
/// KVM go to stderr). Errors are bad setups (exit status 2).
llvm::Error findGuestTools(const MatrixOptions &O, GuestSetup &S);

/// Builds the static guest loader (scripts/kbench/build-loader) into
/// S.Loader; the builder's stderr is echoed on failure.
llvm::Error buildLoader(GuestSetup &S);

/// The guest's shell script: copies busybox to /tmp/hg-exec and runs the
/// loader on each of NumObjects objects (/progs/o<i>.o), results to
/// $HG_RESULTS.
std::string guestScript(size_t NumObjects);

/// Fetches (or takes) kernel Spec, boots it with Objects in directory
/// <Work>/k<Index> and returns what the guest reported (ProgResult::ObjIndex
/// indexes Objects). Progress goes to Log as "[Index/Count] Spec: ...".
/// Guests of one setup may run in parallel threads.
KernelResult runKernel(GuestSetup &S, llvm::StringRef Spec, unsigned Index,
                       unsigned Count, llvm::ArrayRef<std::string> Objects,
                       llvm::raw_ostream &Log);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_GUESTRUN_H
