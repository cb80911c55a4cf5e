//===- EmitBuiltin.cpp - Compile a helper database to C++ -----------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "helperguard/EmitBuiltin.h"

#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace helperguard;

namespace {

/// A C++ string literal.
void str(raw_ostream &OS, StringRef S) {
  OS << '"';
  OS.write_escaped(S);
  OS << '"';
}

void version(raw_ostream &OS, const KernelVersion &V) {
  OS << "{" << V.Major << "u, " << V.Minor << "u, " << V.Patch << "u}";
}

void range(raw_ostream &OS, const KernelRange &R) {
  OS << "KernelRange{";
  version(OS, R.Lo);
  OS << ", ";
  version(OS, R.Hi);
  OS << "}";
}

void provenance(raw_ostream &OS, const Provenance &P) {
  OS << "Provenance{";
  str(OS, P.Source);
  OS << ", ";
  str(OS, P.Date);
  OS << "}";
}

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

/// The statements setting the fields helper (MemArg) and kfunc (KfuncArg)
/// arguments share, each line starting with Indent.
template <typename ArgT>
void argCommon(raw_ostream &OS, const ArgT &A, StringRef Indent) {
  OS << Indent << "A.ArgNo = " << A.ArgNo << ";\n";
  if (A.SizeArgNo)
    OS << Indent << "A.SizeArgNo = " << *A.SizeArgNo << ";\n";
  if (A.FixedSize)
    OS << Indent << "A.FixedSize = " << *A.FixedSize << "ull;\n";
  OS << Indent << "A.Reads = " << (A.Reads ? "true" : "false") << ";\n"
     << Indent << "A.Writes = " << (A.Writes ? "true" : "false") << ";\n"
     << Indent << "A.EffectSource = ";
  provenance(OS, A.EffectSource);
  OS << ";\n";
}

void memArg(raw_ostream &OS, const MemArg &A) {
  OS << "      {\n        MemArg A;\n";
  argCommon(OS, A, "        ");
  OS << "        A.MayWriteLess = " << (A.MayWriteLess ? "true" : "false")
     << ";\n";
  for (const DeclaredArg &D : A.Declared) {
    OS << "        A.Declared.push_back(DeclaredArg{";
    range(OS, D.Kernels);
    OS << ", ";
    str(OS, D.Flags);
    OS << ", " << (D.DeclaresWrite ? "true" : "false") << ", ";
    provenance(OS, D.Source);
    OS << "});\n";
  }
  OS << "        P.Args.push_back(std::move(A));\n      }\n";
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

void release(raw_ostream &OS, const KernelRelease &R) {
  OS << "  {\n    KernelRelease R;\n    R.Release = ";
  str(OS, R.Release);
  OS << ";\n";
  if (R.Kernel) {
    OS << "    R.Kernel = KernelVersion";
    version(OS, *R.Kernel);
    OS << ";\n";
  }
  OS << "    R.UnameV = ";
  str(OS, R.UnameV);
  OS << ";\n    R.Machine = ";
  str(OS, R.Machine);
  OS << ";\n    R.BtfSha256 = ";
  str(OS, R.BtfSha256);
  OS << ";\n    R.Source = ";
  provenance(OS, R.Source);
  OS << ";\n";
  // Only what staleness reads: the kind, helper, type, argument, outcome.
  for (const ProbeResult &P : R.Results) {
    OS << "    R.Results.push_back(ProbeResult{" << (P.IsKfunc ? "true" : "false")
       << ", " << P.Id << "u, ";
    str(OS, P.Name);
    OS << ", ";
    str(OS, P.ProgType);
    OS << ", {}, {}, " << (P.Sleepable ? "true" : "false") << ", " << P.ArgNo
       << "u, std::nullopt, std::nullopt, " << outcomeEnum(P.Outcome)
       << ", {}});\n";
  }
  OS << "    DB.addRelease(std::move(R));\n  }\n";
}

} // namespace

void helperguard::emitBuiltinCpp(const HelperDB &DB, raw_ostream &OS) {
  for (const RegimeRange &R : DB.regimes()) {
    OS << "  DB.addRegime(RegimeRange{";
    range(OS, R.Kernels);
    OS << ", " << regimeEnum(R.Kind) << ", ";
    provenance(OS, R.Source);
    OS << "});\n";
  }
  for (const auto &[Id, H] : DB.helpers()) {
    OS << "  {\n    Helper H;\n    H.Id = " << Id << ";\n    H.Name = ";
    str(OS, H.Name);
    OS << ";\n";
    for (const Prototype &P : H.Protos) {
      OS << "    {\n      Prototype P;\n      P.Name = ";
      str(OS, P.Name);
      OS << ";\n      P.ProgTypes = {";
      for (size_t I = 0; I < P.ProgTypes.size(); ++I) {
        OS << (I ? ", " : "");
        str(OS, P.ProgTypes[I]);
      }
      OS << "};\n";
      for (const MemArg &A : P.Args)
        memArg(OS, A);
      OS << "      H.Protos.push_back(std::move(P));\n    }\n";
    }
    OS << "    DB.addHelper(std::move(H));\n  }\n";
  }
  for (const auto &[Name, K] : DB.kfuncs()) {
    OS << "  {\n    Kfunc K;\n    K.Name = ";
    str(OS, Name);
    OS << ";\n";
    for (const KfuncArg &A : K.Args) {
      OS << "    {\n      KfuncArg A;\n";
      argCommon(OS, A, "      ");
      for (const ForgottenRange &F : A.Forgotten) {
        OS << "      A.Forgotten.push_back(ForgottenRange{";
        range(OS, F.Kernels);
        OS << ", ";
        provenance(OS, F.Source);
        OS << "});\n";
      }
      OS << "      K.Args.push_back(std::move(A));\n    }\n";
    }
    OS << "    DB.addKfunc(std::move(K));\n  }\n";
  }
  for (const KernelRelease &R : DB.releases())
    release(OS, R);
}
