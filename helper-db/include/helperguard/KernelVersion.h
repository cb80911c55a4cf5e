//===- KernelVersion.h - Kernel versions, ranges and selections -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Kernel versions as the helper database and the -bpf-helperguard-kernels=
// option spell them.
//
//   version    "6.17", "6.17.13", "6.17.13+deb13-amd64" (suffix ignored)
//   range      "6.14-6.18"  inclusive: 6.14.0 up to every 6.18.y
//              "6.18.0-6.18.43", "-6.13" (from the start), "6.19-" (open)
//   selection  "all", a version, a range, or a comma-separated list of them
//   release    a kernel build named by `uname -r` ("6.12.0-55.el10.x86_64"):
//              not a version but a point of its own, which only a
//              measurement describes (HelperDB::selectKernels resolves
//              selections that name releases; FORMAT.md, "Release")
//
// A version written without its patch level stands for the whole series: as
// the low end of a range it means x.y.0, as the high end x.y.<every patch>.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_KERNELVERSION_H
#define HELPERGUARD_KERNELVERSION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace helperguard {

struct KernelVersion {
  static constexpr unsigned AnyPatch = ~0u;
  unsigned Major = 0, Minor = 0, Patch = 0;

  /// Parses "X.Y" or "X.Y.Z" with an optional suffix starting with '+', '-'
  /// or '~' ("6.17.13+deb13-amd64"). HasPatch tells whether Z was written.
  static llvm::Expected<KernelVersion> parse(llvm::StringRef S,
                                             bool *HasPatch = nullptr);
  static KernelVersion min() { return {0, 0, 0}; }
  static KernelVersion max() { return {~0u, ~0u, AnyPatch}; }

  /// "6.17.13"; "6.18" when Patch is AnyPatch.
  std::string str() const;

  uint64_t key() const {
    return (uint64_t(Major) << 42) | (uint64_t(Minor & 0x1fffff) << 21) |
           (Patch & 0x1fffff);
  }
  friend bool operator<(const KernelVersion &A, const KernelVersion &B) {
    return std::tie(A.Major, A.Minor, A.Patch) <
           std::tie(B.Major, B.Minor, B.Patch);
  }
  friend bool operator==(const KernelVersion &A, const KernelVersion &B) {
    return A.Major == B.Major && A.Minor == B.Minor && A.Patch == B.Patch;
  }
  friend bool operator<=(const KernelVersion &A, const KernelVersion &B) {
    return !(B < A);
  }
};

/// An inclusive range of kernel versions [Lo, Hi].
struct KernelRange {
  KernelVersion Lo = KernelVersion::min();
  KernelVersion Hi = KernelVersion::max();

  /// "6.14-6.18", "6.17", "6.17.13", "-6.13", "6.19-".
  static llvm::Expected<KernelRange> parse(llvm::StringRef S);
  bool contains(const KernelVersion &V) const { return Lo <= V && V <= Hi; }
  bool empty() const { return Hi < Lo; }
  /// The common part, possibly empty().
  KernelRange intersect(const KernelRange &O) const;
  /// Whether both are non-empty and share a kernel.
  bool overlaps(const KernelRange &O) const;
  /// Shortest spelling that parse() reads back: "6.14-6.18", "6.17.13",
  /// "6.18.0-6.18.43", "6.19-", "all".
  std::string str() const;
  friend bool operator==(const KernelRange &A, const KernelRange &B) {
    return A.Lo == B.Lo && A.Hi == B.Hi;
  }
};

/// A set of kernels: a union of version ranges, kept sorted and merged, plus
/// kernel builds named by their release (`uname -r`) whose facts were
/// measured on them. Releases are points outside the version order: a range
/// never contains one, and the complement of a set holds none.
class KernelSet {
public:
  KernelSet() = default;
  static KernelSet all();
  /// "all", a version, a range, or a comma-separated list of them. The error
  /// names the bad element.
  static llvm::Expected<KernelSet> parse(llvm::StringRef S);

  void add(const KernelRange &R);
  void add(const KernelSet &O);
  /// Adds the kernel build named Release (a `uname -r`).
  void addRelease(llvm::StringRef Release);
  /// Whether the set holds no version and no release.
  bool empty() const { return Ranges.empty() && Releases.empty(); }
  /// Whether this is every kernel.
  bool isAll() const;
  bool contains(const KernelVersion &V) const;
  KernelSet intersect(const KernelSet &O) const;
  /// The versions of this set within R (no release).
  KernelSet intersect(const KernelRange &R) const;
  /// The kernels of this set that are not in O.
  KernelSet subtract(const KernelSet &O) const;
  /// Every kernel not in this set.
  KernelSet complement() const;
  const std::vector<KernelRange> &ranges() const { return Ranges; }
  const std::vector<std::string> &releases() const { return Releases; }
  /// "6.14-6.18.43" or "6.14-6.17, 6.18.0-6.18.43", then the releases
  /// ("6.14-6.18, 6.12.0-55.el10.x86_64"); "none" when empty.
  std::string str() const;

private:
  std::vector<KernelRange> Ranges;   // sorted, disjoint, non-adjacent
  std::vector<std::string> Releases; // sorted, unique
};

} // namespace helperguard

#endif // HELPERGUARD_KERNELVERSION_H
