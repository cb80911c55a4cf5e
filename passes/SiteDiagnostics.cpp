//===- SiteDiagnostics.cpp - Remarks, warnings and the JSON report --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "SiteDiagnostics.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace helperguard;

static constexpr const char *PassName = "helperguard";

namespace {

std::string locationOf(const Instruction *I) {
  const DebugLoc &DL = I->getDebugLoc();
  if (!DL)
    return "";
  return (DL->getFilename() + ":" + Twine(DL.getLine()) + ":" +
          Twine(DL.getCol()))
      .str();
}

/// I as IR text, shortened: "%r = call i64 inttoptr (i64 165 to ptr)(...".
std::string irText(const Instruction *I) {
  std::string Text;
  raw_string_ostream OS(Text);
  I->print(OS);
  StringRef T = StringRef(Text).trim();
  return T.size() > 100 ? (T.take_front(97) + "...").str() : T.str();
}

/// Without debug info a diagnostic has no source location; name the
/// function and the instruction instead: " (in function 'f', at '%r = call
/// ...')". Empty when I has a location.
std::string irLocationOf(const Instruction *I) {
  if (I->getDebugLoc())
    return "";
  return " (in function '" + I->getFunction()->getName().str() + "', at '" +
         irText(I) + "')";
}

/// The source name of a stack object, from its debug records.
std::string variableName(AllocaInst *AI) {
  if (const DILocalVariable *Var = stackVariable(AI))
    return Var->getName().str();
  if (AI->hasName())
    return AI->getName().str();
  return "";
}

std::string describeBuffer(const HazardInstance &HI) {
  std::string Name = variableName(HI.Obj->Alloca);
  std::string Size = std::to_string(HI.Obj->Size) + "-byte";
  if (Name.empty())
    return "a " + Size + " stack buffer of " +
           HI.Obj->Alloca->getFunction()->getName().str();
  return "'" + Name + "'";
}

std::string joined(const std::vector<std::string> &Items) {
  std::string S;
  for (const std::string &I : Items)
    S += (S.empty() ? "" : ", ") + I;
  return S;
}


} // namespace

StringRef helperguard::decisionName(Decision D) {
  switch (D) {
  case Decision::LeftAlone:
    return "left alone";
  case Decision::Guarded:
    return "guarded";
  case Decision::Warned:
    return "warned";
  case Decision::Unguardable:
    return "unguardable";
  }
  llvm_unreachable("unknown decision");
}

const DILocalVariable *helperguard::stackVariable(AllocaInst *AI) {
  return compat::declaredVariable(AI);
}

void helperguard::describeSite(SiteRecord &R) {
  const SiteVerdict &V = R.Verdict;
  R.Function = V.Call->getFunction()->getName().str();
  R.Location = locationOf(V.Call);
  if (const DebugLoc &DL = V.Call->getDebugLoc()) {
    R.File = DL->getFilename().str();
    R.Line = DL.getLine();
    R.Column = DL.getCol();
  }
  for (const HazardInstance &HI : V.Instances) {
    std::string B = describeBuffer(HI);
    if (!is_contained(R.Buffers, B))
      R.Buffers.push_back(B);
    if (!R.Read && !HI.Reads.empty())
      R.Read = HI.Reads.front()->Inst;
  }
}

std::string helperguard::readAt(const SiteRecord &R) {
  if (!R.Read)
    return "";
  std::string Loc = locationOf(R.Read);
  if (Loc.empty())
    Loc = "'" + irText(R.Read) + "' in function '" +
          R.Read->getFunction()->getName().str() + "'";
  return Loc;
}

void helperguard::diagnoseSite(const SiteRecord &R, const GuardConfig &C) {
  const SiteVerdict &V = R.Verdict;
  Function &F = *V.Call->getFunction();
  OptimizationRemarkEmitter ORE(&F);
  // The texts are built only for a diagnostic that is emitted: most calls
  // are left alone, and nobody asked for their remark.
  auto What = [&] {
    return V.HelperName + " writes " +
           (R.Buffers.empty() ? std::string("its buffer") : joined(R.Buffers));
  };
  auto Where = [&] {
    return "(" + V.ProgTypes + "; kernels " + V.Kernels.str() + ")";
  };
  auto Read = [&] {
    std::string Loc = readAt(R);
    return Loc.empty() ? Loc : " at " + Loc;
  };
  // Printing the call's IR (for modules without debug info) numbers the
  // whole function: do it only for a diagnostic that is emitted.
  auto At = [&] { return irLocationOf(V.Call); };
  switch (R.What) {
  case Decision::LeftAlone:
    ORE.emit([&] {
      return OptimizationRemarkAnalysis(PassName, "LeftAlone", V.Call)
             << V.HelperName << " left alone: " << V.Reason << At();
    });
    return;
  case Decision::Guarded:
    ORE.emit([&] {
      return OptimizationRemark(PassName, "Guarded", V.Call)
             << "guarded: " << What() << " " << Where() << " with "
             << R.Plan.technique() << ", about "
             << std::to_string(R.Plan.InsnsEstimate)
             << " BPF instruction(s) added"
             << (R.Plan.Note.empty() ? "" : " (" + R.Plan.Note + ")") << At();
    });
    return;
  case Decision::Warned: {
    std::string Msg =
        "helperguard: " + What() + " but on kernels " + V.Kernels.str() + " (" +
        V.ProgTypes + ") the verifier keeps believing the old contents and " +
        "may fold the read" + Read() + " and drop the code it thinks dead; " +
        "compile with -mllvm -bpf-helperguard-mode=fix to guard it" + At();
    F.getContext().diagnose(
        DiagnosticInfoOptimizationFailure(F, V.Call->getDebugLoc(), Msg));
    return;
  }
  case Decision::Unguardable: {
    std::string Msg = "helperguard: " + What() + " " + Where() +
                      " and the verifier may fold the read" + Read() +
                      ", but it could not be guarded: " +
                      (R.Plan.Note.empty() ? V.Reason : R.Plan.Note) + At();
    F.getContext().diagnose(
        DiagnosticInfoOptimizationFailure(F, V.Call->getDebugLoc(), Msg));
    return;
  }
  }
}

void helperguard::warnNewerHelper(const SiteVerdict &V, const GuardConfig &C) {
  Function &F = *V.Call->getFunction();
  std::string Msg =
      "helperguard: " + V.HelperName + " is newer than the helper database: "
      "assuming it writes every pointer argument without declaring it, on "
      "every targeted kernel that does not clobber helper arguments (" +
      C.KernelsText + "); add it with -bpf-helperguard-db=FILE" +
      irLocationOf(V.Call);
  F.getContext().diagnose(
      DiagnosticInfoOptimizationFailure(F, V.Call->getDebugLoc(), Msg));
}

void helperguard::warnUnmeasuredReleases(const SiteVerdict &V,
                                         const GuardConfig &C) {
  Function &F = *V.Call->getFunction();
  std::string Msg =
      "helperguard: " +
      unmeasuredReleasesMessage(C.UnmeasuredReleases,
                                "-bpf-helperguard-db=FILE") +
      irLocationOf(V.Call);
  F.getContext().diagnose(
      DiagnosticInfoOptimizationFailure(F, V.Call->getDebugLoc(), Msg));
}

json::Object helperguard::verdictJson(const SiteRecord &R) {
  const SiteVerdict &V = R.Verdict;
  bool Guarded = R.What == Decision::Guarded;
  return json::Object{
      {"function", R.Function},
      {"helper", V.HelperName},
      {"helper_id", int64_t(V.HelperId)},
      {"prog_types", V.ProgTypes},
      {"hazardous", V.Hazardous},
      {"affected_kernels", V.Hazardous ? V.Kernels.str() : ""},
      {"decision", decisionName(R.What)},
      {"reason", R.Plan.Note.empty() ? V.Reason : R.Plan.Note},
      {"technique", Guarded ? R.Plan.technique() : ""},
      {"insns_added_estimate", int64_t(Guarded ? R.Plan.InsnsEstimate : 0)},
  };
}

Error helperguard::writeReport(const std::vector<SiteRecord> &Records,
                               const GuardConfig &C, StringRef ModuleName) {
  json::Array Sites;
  for (const SiteRecord &R : Records) {
    json::Array Buffers;
    for (const std::string &B : R.Buffers)
      Buffers.push_back(B);
    json::Object O = verdictJson(R);
    O["file"] = R.File;
    O["line"] = int64_t(R.Line);
    O["column"] = int64_t(R.Column);
    O["buffers"] = std::move(Buffers);
    if (R.Read)
      O["read_at"] = readAt(R);
    Sites.push_back(std::move(O));
  }
  json::Object Report{
      {"format", "helperguard-report/1"},
      {"module", ModuleName},
      {"mode", C.Mode == GuardMode::Fix    ? "fix"
               : C.Mode == GuardMode::Warn ? "warn"
                                           : "off"},
      {"kernels", C.KernelsText},
      {"strategy", C.Strategy.str()},
      {"sites", std::move(Sites)},
  };
  std::error_code EC;
  raw_fd_ostream OS(C.ReportPath, EC, sys::fs::OF_Text);
  if (EC)
    return createStringError(EC, "cannot write report '%s': %s",
                             C.ReportPath.c_str(), EC.message().c_str());
  OS << formatv("{0:2}", json::Value(std::move(Report))) << "\n";
  OS.close();
  if (std::error_code WEC = OS.error()) {
    // Cleared, or the stream's destructor aborts ("IO failure on output
    // stream") instead of this error reaching the user.
    OS.clear_error();
    return createStringError(WEC, "cannot write report '%s': %s",
                             C.ReportPath.c_str(), WEC.message().c_str());
  }
  return Error::success();
}
