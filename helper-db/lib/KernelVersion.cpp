//===- KernelVersion.cpp - Kernel versions, ranges and selections ---------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Parsing, printing and set arithmetic for kernel versions. The versions form
// a total order on (major, minor, patch) triples in which x.y.AnyPatch is the
// last version of the x.y series, so a range [x.y.0, x.y.AnyPatch] is exactly
// "every x.y kernel".
//
//===----------------------------------------------------------------------===//

#include "helperguard/KernelVersion.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace llvm;

namespace helperguard {

namespace {

/// Version numbers above this are rejected: they would collide with
/// KernelVersion::AnyPatch and no kernel comes close.
constexpr unsigned MaxComponent = 0xfffff;

/// S as an error message may quote it: control characters escaped (UTF-8
/// left as it is), long input cut short, so every message is one line.
std::string printable(StringRef S) {
  std::string Out;
  for (char C : S.take_front(80)) {
    unsigned char U = C;
    if (U >= 0x20 && U != 0x7f) {
      Out += C;
    } else {
      Out += "\\x";
      Out += hexdigit(U >> 4, /*LowerCase=*/true);
      Out += hexdigit(U & 15, /*LowerCase=*/true);
    }
  }
  if (S.size() > 80)
    Out += "...";
  return Out;
}

Error versionError(StringRef S, const Twine &Why) {
  return createStringError(inconvertibleErrorCode(),
                           "bad kernel version '" + printable(S) + "': " + Why);
}

/// Parses a decimal component at the front of S and drops it from S.
bool consumeComponent(StringRef &S, unsigned &Out) {
  size_t Len = 0;
  while (Len < S.size() && isDigit(S[Len]))
    ++Len;
  if (Len == 0 || Len > 7)
    return false;
  unsigned long long V = 0;
  if (S.substr(0, Len).getAsInteger(10, V) || V > MaxComponent)
    return false;
  Out = unsigned(V);
  S = S.drop_front(Len);
  return true;
}

/// The version right after V, saturating at KernelVersion::max().
KernelVersion successor(const KernelVersion &V) {
  if (V == KernelVersion::max())
    return V;
  if (V.Patch != KernelVersion::AnyPatch)
    return {V.Major, V.Minor, V.Patch + 1};
  if (V.Minor != ~0u)
    return {V.Major, V.Minor + 1, 0};
  return {V.Major + 1, 0, 0};
}

/// The version right before V, saturating at KernelVersion::min().
KernelVersion predecessor(const KernelVersion &V) {
  if (V == KernelVersion::min())
    return V;
  if (V.Patch != 0)
    return {V.Major, V.Minor, V.Patch - 1};
  if (V.Minor != 0)
    return {V.Major, V.Minor - 1, KernelVersion::AnyPatch};
  return {V.Major - 1, ~0u, KernelVersion::AnyPatch};
}

std::string seriesStr(const KernelVersion &V) {
  return std::to_string(V.Major) + "." + std::to_string(V.Minor);
}

} // namespace

//===----------------------------------------------------------------------===//
// KernelVersion
//===----------------------------------------------------------------------===//

Expected<KernelVersion> KernelVersion::parse(StringRef S, bool *HasPatch) {
  StringRef Rest = S.trim();
  KernelVersion V;
  if (!consumeComponent(Rest, V.Major))
    return versionError(S, "expected MAJOR.MINOR[.PATCH]");
  if (!Rest.consume_front(".") || !consumeComponent(Rest, V.Minor))
    return versionError(S, "expected MAJOR.MINOR[.PATCH]");
  bool Patch = false;
  if (Rest.consume_front(".")) {
    if (!consumeComponent(Rest, V.Patch))
      return versionError(S, "expected a patch level after the second '.'");
    Patch = true;
  }
  if (!Rest.empty() && Rest[0] != '+' && Rest[0] != '-' && Rest[0] != '~')
    return versionError(S, "unexpected '" + printable(Rest.take_front(1)) +
                               "' (a suffix must start with '+', '-' or '~')");
  if (HasPatch)
    *HasPatch = Patch;
  return V;
}

std::string KernelVersion::str() const {
  std::string S = seriesStr(*this);
  if (Patch != AnyPatch)
    S += "." + std::to_string(Patch);
  return S;
}

//===----------------------------------------------------------------------===//
// KernelRange
//===----------------------------------------------------------------------===//

namespace {

/// A version as the low end of a range: "x.y" means x.y.0. Suffixes are not
/// allowed inside a range.
Expected<KernelVersion> parseBound(StringRef S, bool High) {
  bool HasPatch = false;
  Expected<KernelVersion> V = KernelVersion::parse(S, &HasPatch);
  if (!V)
    return V.takeError();
  if (!HasPatch && High)
    V->Patch = KernelVersion::AnyPatch;
  return V;
}

/// "6.18" or "6.18.5", nothing else: what a range's next end looks like.
bool looksLikeVersion(StringRef S) {
  unsigned Dots = 0;
  for (char C : S)
    if (C == '.')
      ++Dots;
    else if (!isDigit(C))
      return false;
  return (Dots == 1 || Dots == 2) && !compat::startsWith(S, ".") &&
         !compat::endsWith(S, ".") && !S.contains("..");
}

bool isPlainVersion(StringRef S) {
  S = S.trim();
  return !S.empty() && S.find_first_of("+-~") == StringRef::npos;
}

} // namespace

Expected<KernelRange> KernelRange::parse(StringRef S) {
  StringRef T = S.trim();
  if (T == "all")
    return KernelRange();
  if (T.empty() || T == "-")
    return createStringError(inconvertibleErrorCode(),
                             "bad kernel range '" + printable(S) + "': empty");

  size_t Dash = T.find('-');
  StringRef Lo = T.substr(0, Dash == StringRef::npos ? T.size() : Dash);
  StringRef Hi = Dash == StringRef::npos ? StringRef() : T.substr(Dash + 1);
  bool IsRange = Dash != StringRef::npos &&
                 (Lo.trim().empty() || isPlainVersion(Lo)) &&
                 (Hi.trim().empty() || isPlainVersion(Hi));

  if (!IsRange && Dash != StringRef::npos && Lo.trim().size() &&
      isPlainVersion(Lo) && Hi.contains('-') &&
      looksLikeVersion(Hi.split('-').first.trim()))
    return createStringError(inconvertibleErrorCode(),
                             "bad kernel range '" + printable(S) +
                                 "': a range has two ends");

  if (!IsRange) {
    // A single version, possibly with a suffix ("6.17.13-1-amd64"): either
    // that exact kernel or, without a patch level, the whole series.
    bool HasPatch = false;
    Expected<KernelVersion> V = KernelVersion::parse(T, &HasPatch);
    if (!V)
      return createStringError(inconvertibleErrorCode(),
                               "bad kernel range '" + printable(S) +
                                   "': " + toString(V.takeError()));
    KernelRange R;
    R.Lo = R.Hi = *V;
    if (!HasPatch)
      R.Hi.Patch = KernelVersion::AnyPatch;
    return R;
  }

  KernelRange R;
  if (!Lo.trim().empty()) {
    Expected<KernelVersion> V = parseBound(Lo, /*High=*/false);
    if (!V)
      return createStringError(inconvertibleErrorCode(),
                               "bad kernel range '" + printable(S) +
                                   "': " + toString(V.takeError()));
    R.Lo = *V;
  }
  if (!Hi.trim().empty()) {
    Expected<KernelVersion> V = parseBound(Hi, /*High=*/true);
    if (!V)
      return createStringError(inconvertibleErrorCode(),
                               "bad kernel range '" + printable(S) +
                                   "': " + toString(V.takeError()));
    R.Hi = *V;
  }
  if (R.empty())
    return createStringError(inconvertibleErrorCode(),
                             "bad kernel range '" + printable(S) +
                                 "': the low end is above the high end");
  return R;
}

KernelRange KernelRange::intersect(const KernelRange &O) const {
  KernelRange R;
  R.Lo = std::max(Lo, O.Lo);
  R.Hi = std::min(Hi, O.Hi);
  return R;
}

bool KernelRange::overlaps(const KernelRange &O) const {
  return !empty() && !O.empty() && !intersect(O).empty();
}

std::string KernelRange::str() const {
  if (empty())
    return "none";
  bool FromStart = Lo == KernelVersion::min();
  bool ToEnd = Hi == KernelVersion::max();
  if (FromStart && ToEnd)
    return "all";
  // A whole series, or a single kernel.
  if (Lo.Major == Hi.Major && Lo.Minor == Hi.Minor && Lo.Patch == 0 &&
      Hi.Patch == KernelVersion::AnyPatch && !FromStart)
    return seriesStr(Lo);
  if (Lo == Hi)
    return Lo.str();

  std::string High = ToEnd ? "" : Hi.str();
  if (FromStart)
    return "-" + High;
  // "x.y" reads back as x.y.0 at the low end; keep the ".0" when the high end
  // is a patch level of the same series ("6.18.0-6.18.43" reads better).
  bool SameSeries = Lo.Major == Hi.Major && Lo.Minor == Hi.Minor;
  std::string Low = Lo.Patch == 0 && !SameSeries ? seriesStr(Lo) : Lo.str();
  return Low + "-" + High;
}

//===----------------------------------------------------------------------===//
// KernelSet
//===----------------------------------------------------------------------===//

KernelSet KernelSet::all() {
  KernelSet S;
  S.Ranges.push_back(KernelRange());
  return S;
}

Expected<KernelSet> KernelSet::parse(StringRef S) {
  KernelSet Set;
  SmallVector<StringRef, 4> Parts;
  S.split(Parts, ',');
  for (StringRef Part : Parts) {
    StringRef P = Part.trim();
    if (P.empty())
      return createStringError(inconvertibleErrorCode(),
                               "bad kernel selection '" + printable(S) +
                                   "': empty element");
    Expected<KernelRange> R = KernelRange::parse(P);
    if (!R)
      return createStringError(inconvertibleErrorCode(),
                               "bad kernel selection '" + printable(S) +
                                   "': " + toString(R.takeError()));
    Set.add(*R);
  }
  return Set;
}

void KernelSet::add(const KernelRange &R) {
  if (R.empty())
    return;
  Ranges.push_back(R);
  llvm::sort(Ranges, [](const KernelRange &A, const KernelRange &B) {
    return A.Lo < B.Lo;
  });
  std::vector<KernelRange> Merged;
  for (const KernelRange &Cur : Ranges) {
    if (!Merged.empty() && (Cur.Lo <= successor(Merged.back().Hi) ||
                            Merged.back().Hi == KernelVersion::max())) {
      Merged.back().Hi = std::max(Merged.back().Hi, Cur.Hi);
      continue;
    }
    Merged.push_back(Cur);
  }
  Ranges = std::move(Merged);
}

void KernelSet::add(const KernelSet &O) {
  for (const KernelRange &R : O.Ranges)
    add(R);
  for (const std::string &R : O.Releases)
    addRelease(R);
}

void KernelSet::addRelease(StringRef Release) {
  auto It = llvm::lower_bound(Releases, Release,
                              [](const std::string &A, StringRef B) {
                                return StringRef(A) < B;
                              });
  if (It == Releases.end() || *It != Release)
    Releases.insert(It, Release.str());
}

bool KernelSet::contains(const KernelVersion &V) const {
  return llvm::any_of(Ranges,
                      [&](const KernelRange &R) { return R.contains(V); });
}

KernelSet KernelSet::intersect(const KernelRange &R) const {
  KernelSet Out;
  for (const KernelRange &Mine : Ranges) {
    KernelRange I = Mine.intersect(R);
    if (!I.empty())
      Out.Ranges.push_back(I); // stays sorted and disjoint
  }
  return Out;
}

KernelSet KernelSet::intersect(const KernelSet &O) const {
  KernelSet Out;
  for (const KernelRange &R : O.Ranges)
    for (const KernelRange &I : intersect(R).Ranges)
      Out.add(I);
  for (const std::string &R : Releases)
    if (llvm::is_contained(O.Releases, R))
      Out.Releases.push_back(R); // stays sorted
  return Out;
}

KernelSet KernelSet::subtract(const KernelSet &O) const {
  KernelSet Out = *this;
  for (const KernelRange &Cut : O.Ranges) {
    std::vector<KernelRange> Next;
    for (const KernelRange &R : Out.Ranges) {
      if (!R.overlaps(Cut)) {
        Next.push_back(R);
        continue;
      }
      if (R.Lo < Cut.Lo)
        Next.push_back({R.Lo, predecessor(Cut.Lo)});
      if (Cut.Hi < R.Hi)
        Next.push_back({successor(Cut.Hi), R.Hi});
    }
    Out.Ranges = std::move(Next);
  }
  llvm::erase_if(Out.Releases, [&](const std::string &R) {
    return llvm::is_contained(O.Releases, R);
  });
  return Out;
}

KernelSet KernelSet::complement() const {
  KernelSet Versions;
  Versions.Ranges = Ranges;
  return all().subtract(Versions);
}

bool KernelSet::isAll() const {
  return Ranges.size() == 1 && Ranges.front() == KernelRange();
}

std::string KernelSet::str() const {
  if (empty())
    return "none";
  std::string S;
  for (const KernelRange &R : Ranges) {
    if (!S.empty())
      S += ", ";
    S += R.str();
  }
  for (const std::string &R : Releases) {
    if (!S.empty())
      S += ", ";
    S += R;
  }
  return S;
}

} // namespace helperguard
