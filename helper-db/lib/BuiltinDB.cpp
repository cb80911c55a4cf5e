//===- BuiltinDB.cpp - The helper database compiled into the binary -------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// helper-db/data/*.json are parsed, validated and merged in file-name order
// at build time by helperguard-db-emit, which writes BuiltinTables.inc:
// constant arrays of the row types below (EmitBuiltin.cpp), in .rodata. A
// malformed file fails the build. At run time nothing is parsed: the first
// query (a compilation of a BPF module; never one without) builds a HelperDB,
// never destroyed, of the small tables (regimes, kfuncs, releases); a helper
// is built from the tables at its first query (HelperSource), so a
// compilation pays for the helpers its module calls.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include <cstdint>
#include <utility>

namespace helperguard {

namespace {

/// A string of the tables: its offset in Strings (BuiltinTables.inc), so
/// that no row holds a pointer the loader would have to relocate.
struct Str {
  unsigned Off;
  const char *get() const;
  operator const char *() const { return get(); }
};

struct VersionRow {
  unsigned Major, Minor, Patch;
};
struct RangeRow {
  VersionRow Lo, Hi;
};
struct ProvenanceRow {
  Str Source, Date;
};
struct RegimeRow {
  RangeRow Kernels;
  Regime Kind;
  ProvenanceRow Source;
};
struct HelperRow {
  unsigned Id;
  Str Name;
  unsigned FirstProto, NumProtos;
};
struct ProtoRow {
  Str Name;
  unsigned FirstType, NumTypes, FirstArg, NumArgs;
};
struct MemArgRow {
  unsigned ArgNo, SizeArgNo; // SizeArgNo 0: none
  bool HasFixedSize;
  uint64_t FixedSize;
  bool Reads, Writes, MayWriteLess;
  ProvenanceRow Effect;
  unsigned FirstDeclared, NumDeclared;
};
struct DeclaredRow {
  RangeRow Kernels;
  Str Flags;
  bool DeclaresWrite;
  ProvenanceRow Source;
};
struct KfuncRow {
  Str Name;
  unsigned FirstArg, NumArgs;
  unsigned FirstAvail, NumAvail; // in KfuncAvail
};
struct KfuncArgRow {
  unsigned ArgNo, SizeArgNo;
  bool HasFixedSize;
  uint64_t FixedSize;
  bool Reads, Writes;
  ProvenanceRow Effect;
  unsigned FirstForgotten, NumForgotten;
};
struct ForgottenRow {
  RangeRow Kernels;
  ProvenanceRow Source;
};
struct ReleaseRow {
  Str Release;
  bool HasKernel;
  VersionRow Kernel;
  Str UnameV, Machine, BtfSha256;
  ProvenanceRow Source;
  unsigned FirstResult, NumResults;
};
struct ResultRow {
  bool IsKfunc;
  unsigned Id;
  Str Name, ProgType;
  bool Sleepable;
  unsigned ArgNo;
  ProbeOutcome Outcome;
};

// Availability (FORMAT.md): one row per HelperRow, in the same order.
struct AvailHelperRow {
  bool HasSince;
  VersionRow Since;
  unsigned FirstAvail, NumAvail;
};
struct AvailRow {
  RangeRow Kernels;
  unsigned FirstType, NumTypes; // in ProgTypes
};
struct CoverageRow {
  RangeRow Kernels;
  ProvenanceRow Source;
  unsigned FirstType, NumTypes; // in CoverageTypes
};
struct CoverageTypeRow {
  Str Type;
  RangeRow Kernels;
};

#include "BuiltinTables.inc"

const char *Str::get() const { return Strings + Off; }

/// The strings of Types[First, First + Num).
std::vector<std::string> strings(const Str *Types, unsigned First,
                                 unsigned Num) {
  std::vector<std::string> Out;
  Out.reserve(Num);
  for (unsigned I = First; I < First + Num; ++I)
    Out.emplace_back(Types[I].get());
  return Out;
}

KernelVersion version(const VersionRow &V) {
  return {V.Major, V.Minor, V.Patch};
}
KernelRange range(const RangeRow &R) { return {version(R.Lo), version(R.Hi)}; }
Provenance provenance(const ProvenanceRow &P) {
  return {P.Source.get(), P.Date.get()};
}

template <typename ArgT, typename RowT> void sizeOf(ArgT &A, const RowT &R) {
  if (R.SizeArgNo)
    A.SizeArgNo = R.SizeArgNo;
  if (R.HasFixedSize)
    A.FixedSize = R.FixedSize;
}

MemArg memArg(const MemArgRow &R) {
  MemArg A;
  A.ArgNo = R.ArgNo;
  sizeOf(A, R);
  A.Reads = R.Reads;
  A.Writes = R.Writes;
  A.MayWriteLess = R.MayWriteLess;
  A.EffectSource = provenance(R.Effect);
  A.Declared.reserve(R.NumDeclared);
  for (unsigned I = R.FirstDeclared; I < R.FirstDeclared + R.NumDeclared; ++I)
    A.Declared.push_back({range(Declared[I].Kernels), Declared[I].Flags.get(),
                          Declared[I].DeclaresWrite,
                          provenance(Declared[I].Source)});
  return A;
}

Helper helper(const HelperRow &R) {
  Helper H;
  H.Id = R.Id;
  H.Name = R.Name;
  H.Protos.reserve(R.NumProtos);
  for (unsigned I = R.FirstProto; I < R.FirstProto + R.NumProtos; ++I) {
    const ProtoRow &PR = Protos[I];
    Prototype P;
    P.Name = PR.Name;
    P.ProgTypes = strings(ProgTypes, PR.FirstType, PR.NumTypes);
    P.Args.reserve(PR.NumArgs);
    for (unsigned J = PR.FirstArg; J < PR.FirstArg + PR.NumArgs; ++J)
      P.Args.push_back(memArg(MemArgs[J]));
    H.Protos.push_back(std::move(P));
  }
  return H;
}

Kfunc kfunc(const KfuncRow &R) {
  Kfunc K;
  K.Name = R.Name;
  for (unsigned I = R.FirstArg; I < R.FirstArg + R.NumArgs; ++I) {
    const KfuncArgRow &AR = KfuncArgs[I];
    KfuncArg A;
    A.ArgNo = AR.ArgNo;
    sizeOf(A, AR);
    A.Reads = AR.Reads;
    A.Writes = AR.Writes;
    A.EffectSource = provenance(AR.Effect);
    for (unsigned J = AR.FirstForgotten;
         J < AR.FirstForgotten + AR.NumForgotten; ++J)
      A.Forgotten.push_back(
          {range(Forgotten[J].Kernels), provenance(Forgotten[J].Source)});
    K.Args.push_back(std::move(A));
  }
  for (unsigned I = R.FirstAvail; I < R.FirstAvail + R.NumAvail; ++I)
    K.Available.push_back(
        {range(KfuncAvail[I].Kernels), provenance(KfuncAvail[I].Source)});
  return K;
}

KernelRelease release(const ReleaseRow &R) {
  KernelRelease K;
  K.Release = R.Release;
  if (R.HasKernel)
    K.Kernel = version(R.Kernel);
  K.UnameV = R.UnameV;
  K.Machine = R.Machine;
  K.BtfSha256 = R.BtfSha256;
  K.Source = provenance(R.Source);
  K.Results.reserve(R.NumResults);
  for (unsigned I = R.FirstResult; I < R.FirstResult + R.NumResults; ++I) {
    const ResultRow &RR = Results[I];
    ProbeResult P;
    P.IsKfunc = RR.IsKfunc;
    P.Id = RR.Id;
    P.Name = RR.Name;
    P.ProgType = RR.ProgType;
    P.Sleepable = RR.Sleepable;
    P.ArgNo = RR.ArgNo;
    P.Outcome = RR.Outcome;
    K.Results.push_back(std::move(P));
  }
  return K;
}

void availability(Helper &H, const AvailHelperRow &R) {
  if (R.HasSince)
    H.Since = version(R.Since);
  for (unsigned I = R.FirstAvail; I < R.FirstAvail + R.NumAvail; ++I)
    H.Available.push_back(
        {range(Avail[I].Kernels),
         strings(ProgTypes, Avail[I].FirstType, Avail[I].NumTypes)});
}

/// The helpers of the tables, each built at its first query (HelperSource).
class BuiltinHelpers final : public HelperSource {
public:
  size_t size() const override { return NumHelpers; }
  unsigned id(size_t I) const override { return Helpers[I].Id; }
  llvm::StringRef name(size_t I) const override {
    return Helpers[I].Name.get();
  }
  Helper build(size_t I) const override {
    Helper H = helper(Helpers[I]);
    availability(H, AvailHelpers[I]);
    return H;
  }
};

HelperDB loadBuiltin() {
  HelperDB DB;
  for (unsigned I = 0; I < NumRegimes; ++I)
    DB.addRegime({range(Regimes[I].Kernels), Regimes[I].Kind,
                  provenance(Regimes[I].Source)});
  static const BuiltinHelpers Source;
  DB.setHelperSource(&Source);
  for (unsigned I = 0; I < NumCoverage; ++I) {
    AvailabilityCoverage C{
        range(Coverage[I].Kernels), provenance(Coverage[I].Source), {}};
    for (unsigned J = Coverage[I].FirstType;
         J < Coverage[I].FirstType + Coverage[I].NumTypes; ++J)
      C.ProgTypes[CoverageTypes[J].Type.get()] =
          range(CoverageTypes[J].Kernels);
    DB.setAvailabilityCoverage(std::move(C));
  }
  for (unsigned I = 0; I < NumKfuncs; ++I)
    DB.addKfunc(kfunc(Kfuncs[I]));
  for (unsigned I = 0; I < NumReleases; ++I)
    DB.addRelease(release(Releases[I]));
  return DB;
}

} // namespace

const HelperDB &HelperDB::builtin() {
  // Built on first use and never destroyed: tearing it down at exit would
  // cost every BPF compilation a good part of what building it costs.
  static const HelperDB *DB = new HelperDB(loadBuiltin());
  return *DB;
}

} // namespace helperguard
