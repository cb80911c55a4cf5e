//===- MatrixOutput.cpp - Table, Markdown and JSON of matrix results ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// A program is named by its object's file name and its program name; a
// kernel by its Debian version (or the spec it was given as, when it could
// not be resolved). "-" stands for a number the kernel did not report.
//
//===----------------------------------------------------------------------===//

#include "MatrixOutput.h"
#include "../ToolSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

std::string objName(const MatrixOptions &O, unsigned I) {
  return sys::path::filename(O.Objects[I]).str();
}

std::string optStr(const std::optional<uint64_t> &V) {
  return V ? std::to_string(*V) : "-";
}

std::string statusText(const ProgResult &P) {
  if (P.Loaded)
    return "loaded";
  if (!P.LoadError.empty())
    return "REJECTED";
  return "no result";
}

std::string branchText(const ProgResult &P) {
  if (!P.ObjBranches)
    return "-";
  std::string S =
      std::to_string(*P.ObjBranches) + "->" + optStr(P.XlatedBranches);
  if (P.XlatedBranches && *P.XlatedBranches < *P.ObjBranches)
    S +=
        " (" + std::to_string(*P.ObjBranches - *P.XlatedBranches) + " removed)";
  return S;
}

std::string runText(const ProgResult &P) {
  if (P.Retval)
    return "retval " + std::to_string(*P.Retval);
  if (!P.RunError.empty())
    return "run failed";
  if (!P.Exec.empty())
    return "exec " + P.Exec;
  if (!P.Attach.empty())
    return P.Attach.substr(0, P.Attach.find(" ("));
  return "-";
}

std::string kernelLabel(const KernelResult &K) {
  return K.Version.empty() ? K.Spec : K.Version;
}

std::string kernelStatus(const KernelResult &K) {
  switch (K.Status) {
  case KernelResult::Ok:
    return formatv("booted in {0:f1} s ({1})", K.Seconds, K.Accel).str();
  case KernelResult::FetchFailed:
    return "NOT AVAILABLE: " + K.Error;
  case KernelResult::BootFailed:
    return "BOOT FAILED: " + K.Error;
  }
  return "";
}

std::string mdEscape(StringRef S) {
  std::string O;
  for (char C : S) {
    if (C == '|')
      O += "\\|";
    else
      O += C;
  }
  return O;
}

json::Value optJson(const std::optional<uint64_t> &V) {
  return V ? json::Value(*V) : json::Value(nullptr);
}

} // namespace

void printTable(const MatrixOptions &O, const std::vector<KernelResult> &Ks) {
  const char *Hdr[] = {"program", "result",   "insns", "stack",
                       "states",  "branches", "run",   "verifier message"};
  for (const KernelResult &K : Ks) {
    outs() << "== " << kernelLabel(K);
    if (!K.Release.empty())
      outs() << " (uname -r " << K.Release << ")";
    outs() << ": " << kernelStatus(K) << "\n";
    if (K.Status != KernelResult::Ok) {
      for (const std::string &L : K.ConsoleTail)
        outs() << "   | " << L << "\n";
      if (K.Progs.empty())
        continue;
    }
    std::vector<std::vector<std::string>> Rows;
    Rows.push_back(std::vector<std::string>(std::begin(Hdr), std::end(Hdr)));
    for (const ProgResult &P : K.Progs) {
      std::string States =
          P.TotalStates ? optStr(P.TotalStates) + "/" + optStr(P.PeakStates)
                        : "-";
      std::string Msg = P.Loaded ? "" : "[" + P.Category + "] " + P.KeyMessage;
      Rows.push_back({objName(O, P.ObjIndex) + ":" + P.Prog, statusText(P),
                      optStr(P.Processed),
                      P.StackDepth.empty() ? "-" : P.StackDepth, States,
                      branchText(P), runText(P), Msg});
    }
    std::vector<size_t> W(std::size(Hdr), 0);
    for (auto &R : Rows)
      for (size_t I = 0; I < R.size(); ++I)
        W[I] = std::max(W[I], R[I].size());
    for (auto &R : Rows) {
      outs() << "  ";
      for (size_t I = 0; I < R.size(); ++I)
        outs() << (I + 1 < R.size() ? left_justify(R[I], W[I] + 2)
                                    : left_justify(R[I], 0));
      outs() << "\n";
    }
  }
}

void printMarkdown(const MatrixOptions &O,
                   const std::vector<KernelResult> &Ks) {
  // Summary: one row per program, one column per kernel.
  std::vector<std::pair<unsigned, std::string>> Progs;
  for (const KernelResult &K : Ks)
    for (const ProgResult &P : K.Progs)
      if (!is_contained(Progs, std::make_pair(P.ObjIndex, P.Prog)))
        Progs.push_back({P.ObjIndex, P.Prog});
  outs() << "| program |";
  for (const KernelResult &K : Ks)
    outs() << " " << kernelLabel(K) << " |";
  outs() << "\n| --- |";
  for (size_t I = 0; I < Ks.size(); ++I)
    outs() << " --- |";
  outs() << "\n";
  for (auto &[Obj, Name] : Progs) {
    outs() << "| " << mdEscape(Name) << " |";
    for (const KernelResult &K : Ks) {
      const ProgResult *Found = nullptr;
      for (const ProgResult &P : K.Progs)
        if (P.ObjIndex == Obj && P.Prog == Name)
          Found = &P;
      std::string Cell;
      if (K.Status != KernelResult::Ok && !Found)
        Cell = K.Status == KernelResult::FetchFailed ? "n/a" : "no boot";
      else if (!Found)
        Cell = "no result";
      else if (Found->Loaded)
        Cell = formatv("ok: {0} insns, stack {1}, states {2}/{3}",
                       optStr(Found->Processed),
                       Found->StackDepth.empty() ? "-" : Found->StackDepth,
                       optStr(Found->TotalStates), optStr(Found->PeakStates))
                   .str();
      else
        Cell = "**rejected** (" + Found->Category +
               "): " + optStr(Found->Processed) + " insns";
      outs() << " " << mdEscape(Cell) << " |";
    }
    outs() << "\n";
  }
  outs() << "\n| kernel | uname -r | boot |\n| --- | --- | --- |\n";
  for (const KernelResult &K : Ks)
    outs() << "| " << kernelLabel(K) << " | "
           << (K.Release.empty() ? "-" : K.Release) << " | "
           << mdEscape(kernelStatus(K)) << " |\n";
  outs() << "\nDetails:\n\n| kernel | program | result | insns | stack | "
            "states | branches obj->xlated | run | verifier message |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const KernelResult &K : Ks)
    for (const ProgResult &P : K.Progs)
      outs() << "| " << kernelLabel(K) << " | " << mdEscape(P.Prog) << " | "
             << statusText(P) << " | " << optStr(P.Processed) << " | "
             << (P.StackDepth.empty() ? "-" : P.StackDepth) << " | "
             << optStr(P.TotalStates) << "/" << optStr(P.PeakStates) << " | "
             << branchText(P) << " | " << mdEscape(runText(P)) << " | "
             << (P.Loaded ? ""
                          : mdEscape("[" + P.Category + "] " + P.KeyMessage))
             << " |\n";
}

json::Value matrixJson(const MatrixOptions &O,
                       const std::vector<KernelResult> &Ks) {
  json::Array Kernels;
  for (const KernelResult &K : Ks) {
    json::Array Progs;
    for (const ProgResult &P : K.Progs) {
      json::Object J{
          {"object", O.Objects[P.ObjIndex]},
          {"program", P.Prog},
          {"type", P.Type},
          {"loaded", P.Loaded},
          {"processed_insns", optJson(P.Processed)},
          {"total_states", optJson(P.TotalStates)},
          {"peak_states", optJson(P.PeakStates)},
          {"stack_depth", P.StackDepth},
          {"obj_insns", optJson(P.ObjInsns)},
          {"xlated_insns", optJson(P.XlatedInsns)},
          {"obj_branches", optJson(P.ObjBranches)},
          {"xlated_branches", optJson(P.XlatedBranches)},
          {"retval", P.Retval ? json::Value(*P.Retval) : json::Value(nullptr)}};
      if (!P.Loaded) {
        J["error"] = P.LoadError;
        J["message"] = P.KeyMessage;
        J["category"] = P.Category;
        json::Array Log;
        for (const std::string &L : P.Log)
          Log.push_back(L);
        J["log_tail"] = std::move(Log);
      }
      if (!P.RunError.empty())
        J["run_error"] = P.RunError;
      if (!P.Attach.empty())
        J["attach"] = P.Attach;
      if (!P.Exec.empty())
        J["exec_tmp"] = P.Exec;
      Progs.push_back(std::move(J));
    }
    json::Object KJ{{"spec", K.Spec},
                    {"version", K.Version},
                    {"image", K.Image},
                    {"release", K.Release},
                    {"proc_version", K.ProcVersion},
                    {"status", K.Status == KernelResult::Ok ? "ok"
                               : K.Status == KernelResult::FetchFailed
                                   ? "unavailable"
                                   : "boot-failed"},
                    {"accel", K.Accel},
                    {"seconds", K.Seconds},
                    {"programs", std::move(Progs)}};
    if (K.Status != KernelResult::Ok) {
      KJ["error"] = K.Error;
      json::Array T;
      for (const std::string &L : K.ConsoleTail)
        T.push_back(L);
      KJ["console_tail"] = std::move(T);
    }
    Kernels.push_back(std::move(KJ));
  }
  return json::Object{{"kernels", std::move(Kernels)}};
}

void printJsonOut(const MatrixOptions &O, const std::vector<KernelResult> &Ks) {
  printJson(matrixJson(O, Ks));
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
