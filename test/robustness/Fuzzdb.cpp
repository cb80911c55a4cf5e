//===- Fuzzdb.cpp - libFuzzer target for the helper database loader -------===//
//
// Any input either loads or is rejected with one clear message that names
// the file ("fuzz.json:LINE:COL: ..." or "fuzz.json: PATH: ..."). A database
// that loads must merge (over itself, into an empty one) and answer every
// query without
// crashing. ASan and UBSan (fatal) and LeakSanitizer watch the rest.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include "FuzzSupport.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace helperguard;

static void check(bool Ok, const char *What, const std::string &Detail) {
  fuzz::check("hg-fuzz-db", Ok, What, Detail);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "fuzz.json");
  if (!DB) {
    std::string Msg = llvm::toString(DB.takeError());
    check(llvm::StringRef(Msg).starts_with("fuzz.json:"),
          "error does not name the file", Msg);
    check(Msg.size() > std::string("fuzz.json: ").size(), "error is empty",
          Msg);
    check(Msg.size() <= 2 * Size + 1000, "error is longer than the input",
          Msg);
    if (fuzz::strictMessages())
      check(Msg.find('\n') == std::string::npos, "error is not one line", Msg);
    return 0;
  }
  // Merged over itself and into an empty database (the fuzzer links the
  // loader only, not the built-in tables).
  HelperDB Merged = *DB;
  Merged.merge(*DB);
  HelperDB Empty;
  Empty.merge(*DB);
  check(Empty.helpers().size() == DB->helpers().size(),
        "merging into an empty database loses helpers", "");
  static const std::vector<std::vector<std::string>> Types = {
      {}, {"*"}, {"xdp"}, {"lsm", "tracing"}, {"raw_tracepoint", "kprobe"}};
  KernelSet All = KernelSet::all();
  for (const HelperDB *D : {&*DB, &Merged}) {
    (void)D->affectedKernels().str();
    for (Regime R : {Regime::ClobberAll, Regime::MemWriteOnly,
                     Regime::FlagsEnforced})
      (void)D->regimeKernels(R).str();
    for (const auto &[Id, H] : D->helpers()) {
      check(D->helper(Id) == &H, "helper(id) disagrees", H.Name);
      for (const std::vector<std::string> &T : Types)
        if (auto Stale = D->staleArgs(Id, T, All))
          for (const StaleArg &A : *Stale)
            check(!A.Kernels.empty() && A.ArgNo >= 1 && A.ArgNo <= 5,
                  "bad stale argument", H.Name);
      for (const Prototype &P : H.Protos)
        for (const MemArg &A : P.Args)
          (void)D->staleKernels(A).str();
    }
  }
  return 0;
}
