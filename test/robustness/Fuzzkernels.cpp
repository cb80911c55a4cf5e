//===- Fuzzkernels.cpp - libFuzzer target for the kernel-version parser ---===//
//
// The -bpf-helperguard-kernels= value and the database's "kernels" strings:
// any input parses or is rejected with a one-line message naming what was
// bad; what parses prints back (str()) to a spelling that parses to the
// same set, and set arithmetic on it stays consistent.
//
//===----------------------------------------------------------------------===//

#include "helperguard/KernelVersion.h"

#include "FuzzSupport.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace helperguard;

static void check(bool Ok, const char *What, const std::string &Detail) {
  fuzz::check("hg-fuzz-kernels", Ok, What, Detail);
}

static bool sameSet(const KernelSet &A, const KernelSet &B) {
  return A.ranges() == B.ranges();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string S(reinterpret_cast<const char *>(Data), Size);
  auto ErrorOk = [&](llvm::Error E) {
    std::string Msg = llvm::toString(std::move(E));
    check(!Msg.empty(), "error is empty", S);
    check(Msg.size() <= 4 * S.size() + 1000, "error is longer than the input",
          S + "' -> '" + Msg);
    if (fuzz::strictMessages())
      check(Msg.find('\n') == std::string::npos, "error is not one line",
            S + "' -> '" + Msg);
  };

  if (llvm::Expected<KernelVersion> V = KernelVersion::parse(S)) {
    llvm::Expected<KernelVersion> Back = KernelVersion::parse(V->str());
    check(bool(Back), "version does not reparse", V->str());
    check(*Back == *V, "version changes on reparse", S);
  } else {
    ErrorOk(V.takeError());
  }

  if (llvm::Expected<KernelRange> R = KernelRange::parse(S)) {
    check(!R->empty(), "parsed an empty range", S);
    llvm::Expected<KernelRange> Back = KernelRange::parse(R->str());
    check(bool(Back), "range does not reparse", R->str());
    if (Back)
      check(*Back == *R, "range changes on reparse", S + "' -> '" + R->str());
  } else {
    ErrorOk(R.takeError());
  }

  llvm::Expected<KernelSet> K = KernelSet::parse(S);
  if (!K) {
    ErrorOk(K.takeError());
    return 0;
  }
  std::string Str = K->str();
  if (!K->empty()) {
    llvm::Expected<KernelSet> Back = KernelSet::parse(Str);
    check(bool(Back), "set does not reparse", Str);
    if (Back)
      check(sameSet(*Back, *K), "set changes on reparse", S + "' -> '" + Str);
  }
  KernelSet C = K->complement();
  check(C.intersect(*K).empty(), "set meets its complement", Str);
  KernelSet U = *K;
  U.add(C);
  check(U.isAll(), "set and complement are not everything", Str);
  check(sameSet(K->subtract(C), *K), "subtracting the complement changes it",
        Str);
  return 0;
}
