//===- EmitBuiltin.cpp - Compile a helper database to constant tables -----===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Writes a database as constant arrays of the row types BuiltinDB.cpp
// defines: every string an offset into one character array (each distinct
// string once), every list a (first, count) slice of a flat array. The
// tables hold no pointers, so they sit in .rodata with no relocation for
// the loader to apply when the plugin is loaded, and BuiltinDB.cpp turns
// them into helpers with no code generated per entry.
//
//===----------------------------------------------------------------------===//

#include "helperguard/EmitBuiltin.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace llvm;
using namespace helperguard;

namespace {

/// The strings of the tables, each once, in one array `Strings`: a row
/// holds a string as its offset there (BuiltinDB.cpp's Str).
class StringPool {
public:
  unsigned add(StringRef S) {
    auto [It, New] = Offsets.try_emplace(S, Size);
    if (New) {
      Text << '"';
      Text.write_escaped(S);
      Text << "\\0\"\n"; // its own literal: an escape never runs on
      Size += S.size() + 1;
    }
    return It->second;
  }
  void write(raw_ostream &OS) {
    Text.flush();
    OS << "const char Strings[] =\n"
       << (Size ? StringRef(Literals) : StringRef("\"\"\n")) << ";\n";
  }

private:
  StringMap<unsigned> Offsets;
  unsigned Size = 0;
  std::string Literals;
  raw_string_ostream Text{Literals};
};

/// A string of a row: `{offset}`.
void str(StringPool &Pool, raw_ostream &OS, StringRef S) {
  OS << "{" << Pool.add(S) << "u}";
}

void version(raw_ostream &OS, const KernelVersion &V) {
  OS << "{" << V.Major << "u, " << V.Minor << "u, " << V.Patch << "u}";
}

void range(raw_ostream &OS, const KernelRange &R) {
  OS << "{";
  version(OS, R.Lo);
  OS << ", ";
  version(OS, R.Hi);
  OS << "}";
}

void provenance(StringPool &Pool, raw_ostream &OS, const Provenance &P) {
  OS << "{";
  str(Pool, OS, P.Source);
  OS << ", ";
  str(Pool, OS, P.Date);
  OS << "}";
}

const char *boolStr(bool B) { return B ? "true" : "false"; }

StringRef regimeEnum(Regime R) {
  switch (R) {
  case Regime::ClobberAll:
    return "Regime::ClobberAll";
  case Regime::MemWriteOnly:
    return "Regime::MemWriteOnly";
  case Regime::FlagsEnforced:
    return "Regime::FlagsEnforced";
  }
  return "Regime::ClobberAll";
}

StringRef outcomeEnum(ProbeOutcome O) {
  switch (O) {
  case ProbeOutcome::Kept:
    return "ProbeOutcome::Kept";
  case ProbeOutcome::Forgot:
    return "ProbeOutcome::Forgot";
  case ProbeOutcome::NotLoadable:
    return "ProbeOutcome::NotLoadable";
  case ProbeOutcome::Skipped:
    return "ProbeOutcome::Skipped";
  case ProbeOutcome::Error:
    return "ProbeOutcome::Error";
  case ProbeOutcome::Absent:
    return "ProbeOutcome::Absent";
  }
  return "ProbeOutcome::Skipped";
}

/// One constant array: `const TYPE NAME[] = {rows};` plus NumNAME. C++ has
/// no empty arrays, so an empty table gets one unused zero row.
class Table {
public:
  Table(StringRef Type, StringRef Name) : Type(Type), Name(Name) {}
  /// Starts a row and returns the stream to write it to.
  raw_ostream &row() {
    ++Count;
    return Rows << "    ";
  }
  unsigned size() const { return Count; }
  void write(raw_ostream &OS) {
    Rows.flush();
    OS << "constexpr unsigned Num" << Name << " = " << Count << ";\n"
       << "const " << Type << " " << Name << "[] = {\n"
       << (Count ? StringRef(Text) : StringRef("    {},\n")) << "};\n";
  }

private:
  StringRef Type, Name;
  unsigned Count = 0;
  std::string Text;
  raw_string_ostream Rows{Text};
};

/// The size fields helper and kfunc arguments share: SizeArgNo (0: none),
/// HasFixedSize, FixedSize.
template <typename ArgT> void sizeFields(raw_ostream &OS, const ArgT &A) {
  OS << (A.SizeArgNo ? *A.SizeArgNo : 0) << "u, " << boolStr(bool(A.FixedSize))
     << ", " << (A.FixedSize ? *A.FixedSize : 0) << "ull";
}

} // namespace

void helperguard::emitBuiltinCpp(const HelperDB &DB, raw_ostream &OS) {
  Table Regimes("RegimeRow", "Regimes"), Helpers("HelperRow", "Helpers"),
      Protos("ProtoRow", "Protos"), ProgTypes("Str", "ProgTypes"),
      Args("MemArgRow", "MemArgs"), Declared("DeclaredRow", "Declared"),
      Kfuncs("KfuncRow", "Kfuncs"), KfuncArgs("KfuncArgRow", "KfuncArgs"),
      Forgotten("ForgottenRow", "Forgotten"),
      KfuncAvail("ForgottenRow", "KfuncAvail"),
      Releases("ReleaseRow", "Releases"), Results("ResultRow", "Results"),
      AvailHelpers("AvailHelperRow", "AvailHelpers"),
      Avail("AvailRow", "Avail"), Coverage("CoverageRow", "Coverage"),
      CoverageTypes("CoverageTypeRow", "CoverageTypes");
  StringPool Pool;

  for (const RegimeRange &R : DB.regimes()) {
    raw_ostream &Row = Regimes.row() << "{";
    range(Row, R.Kernels);
    Row << ", " << regimeEnum(R.Kind) << ", ";
    provenance(Pool, Row, R.Source);
    Row << "},\n";
  }
  // In ascending id order (a std::map): BuiltinDB.cpp finds a helper's row
  // by binary search.
  for (const auto &[Id, H] : DB.helpers()) {
    raw_ostream &HRow = Helpers.row() << "{" << Id << "u, ";
    str(Pool, HRow, H.Name);
    HRow << ", " << Protos.size() << "u, " << H.Protos.size() << "u},\n";
    for (const Prototype &P : H.Protos) {
      raw_ostream &PRow = Protos.row() << "{";
      str(Pool, PRow, P.Name);
      PRow << ", " << ProgTypes.size() << "u, " << P.ProgTypes.size() << "u, "
           << Args.size() << "u, " << P.Args.size() << "u},\n";
      for (const std::string &T : P.ProgTypes) {
        raw_ostream &TRow = ProgTypes.row();
        str(Pool, TRow, T);
        TRow << ",\n";
      }
      for (const MemArg &A : P.Args) {
        raw_ostream &ARow = Args.row() << "{" << A.ArgNo << "u, ";
        sizeFields(ARow, A);
        ARow << ", " << boolStr(A.Reads) << ", " << boolStr(A.Writes) << ", "
             << boolStr(A.MayWriteLess) << ", ";
        provenance(Pool, ARow, A.EffectSource);
        ARow << ", " << Declared.size() << "u, " << A.Declared.size()
             << "u},\n";
        for (const DeclaredArg &D : A.Declared) {
          raw_ostream &DRow = Declared.row() << "{";
          range(DRow, D.Kernels);
          DRow << ", ";
          str(Pool, DRow, D.Flags);
          DRow << ", " << boolStr(D.DeclaresWrite) << ", ";
          provenance(Pool, DRow, D.Source);
          DRow << "},\n";
        }
      }
    }
  }
  // Availability (FORMAT.md): one AvailHelpers row per Helpers row, in the
  // same order; the program types go to the shared ProgTypes array.
  for (const auto &[Id, H] : DB.helpers()) {
    raw_ostream &ARow = AvailHelpers.row()
                        << "{" << boolStr(bool(H.Since)) << ", ";
    version(ARow, H.Since ? *H.Since : KernelVersion());
    ARow << ", " << Avail.size() << "u, " << H.Available.size() << "u},\n";
    for (const AvailableRange &A : H.Available) {
      raw_ostream &RRow = Avail.row() << "{";
      range(RRow, A.Kernels);
      RRow << ", " << ProgTypes.size() << "u, " << A.ProgTypes.size()
           << "u},\n";
      for (const std::string &T : A.ProgTypes) {
        raw_ostream &TRow = ProgTypes.row();
        str(Pool, TRow, T);
        TRow << ",\n";
      }
    }
  }
  if (const auto &C = DB.availabilityCoverage()) {
    raw_ostream &CRow = Coverage.row() << "{";
    range(CRow, C->Kernels);
    CRow << ", ";
    provenance(Pool, CRow, C->Source);
    CRow << ", " << CoverageTypes.size() << "u, " << C->ProgTypes.size()
         << "u},\n";
    for (const auto &[T, R] : C->ProgTypes) {
      raw_ostream &TRow = CoverageTypes.row() << "{";
      str(Pool, TRow, T);
      TRow << ", ";
      range(TRow, R);
      TRow << "},\n";
    }
  }
  for (const auto &[Name, K] : DB.kfuncs()) {
    raw_ostream &KRow = Kfuncs.row() << "{";
    str(Pool, KRow, Name);
    KRow << ", " << KfuncArgs.size() << "u, " << K.Args.size() << "u, "
         << KfuncAvail.size() << "u, " << K.Available.size() << "u},\n";
    for (const ForgottenRange &A : K.Available) {
      raw_ostream &ARow = KfuncAvail.row() << "{";
      range(ARow, A.Kernels);
      ARow << ", ";
      provenance(Pool, ARow, A.Source);
      ARow << "},\n";
    }
    for (const KfuncArg &A : K.Args) {
      raw_ostream &ARow = KfuncArgs.row() << "{" << A.ArgNo << "u, ";
      sizeFields(ARow, A);
      ARow << ", " << boolStr(A.Reads) << ", " << boolStr(A.Writes) << ", ";
      provenance(Pool, ARow, A.EffectSource);
      ARow << ", " << Forgotten.size() << "u, " << A.Forgotten.size()
           << "u},\n";
      for (const ForgottenRange &F : A.Forgotten) {
        raw_ostream &FRow = Forgotten.row() << "{";
        range(FRow, F.Kernels);
        FRow << ", ";
        provenance(Pool, FRow, F.Source);
        FRow << "},\n";
      }
    }
  }
  for (const KernelRelease &R : DB.releases()) {
    raw_ostream &RRow = Releases.row() << "{";
    str(Pool, RRow, R.Release);
    RRow << ", " << boolStr(bool(R.Kernel)) << ", ";
    version(RRow, R.Kernel ? *R.Kernel : KernelVersion());
    for (const std::string *S : {&R.UnameV, &R.Machine, &R.BtfSha256}) {
      RRow << ", ";
      str(Pool, RRow, *S);
    }
    RRow << ", ";
    provenance(Pool, RRow, R.Source);
    RRow << ", " << Results.size() << "u, " << R.Results.size() << "u},\n";
    // Only what staleness reads: kind, helper, type, argument, outcome.
    for (const ProbeResult &P : R.Results) {
      raw_ostream &PRow = Results.row()
                          << "{" << boolStr(P.IsKfunc) << ", " << P.Id << "u, ";
      str(Pool, PRow, P.Name);
      PRow << ", ";
      str(Pool, PRow, P.ProgType);
      PRow << ", " << boolStr(P.Sleepable) << ", " << P.ArgNo << "u, "
           << outcomeEnum(P.Outcome) << "},\n";
    }
  }

  Pool.write(OS);
  for (Table *T :
       {&Regimes, &Helpers, &Protos, &ProgTypes, &Args, &Declared, &Kfuncs,
        &KfuncArgs, &Forgotten, &Releases, &Results, &AvailHelpers, &Avail,
        &Coverage, &CoverageTypes, &KfuncAvail})
    T->write(OS);
}
