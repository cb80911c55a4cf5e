//===- CheckReport.h - Output of "helperguard check" ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The verdicts of one or more objects as text (hazards, one block each, and
// a summary per object), as JSON ("helperguard-check/1": every helper and
// kfunc call with its verdict) or as SARIF 2.1.0 (one result per hazardous
// call, as GitHub code scanning reads it).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CHECK_CHECKREPORT_H
#define HELPERGUARD_CHECK_CHECKREPORT_H

#include "AvailabilityChecker.h"
#include "BpfObject.h"
#include "HazardChecker.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace helperguard {
namespace check {

/// One checked object: what was read and what was found, or why it could
/// not be read.
struct CheckedObject {
  std::string Path;
  std::unique_ptr<BpfObject> Obj; ///< null when it could not be read
  CheckResult Result;
  std::vector<PortabilityFinding> Portability; ///< AvailabilityChecker.h
  std::string Error;              ///< why it could not be read
};

struct ReportOptions {
  std::string Kernels;    ///< the selection as the user wrote it
  bool All = false;       ///< text: every call, not only the hazards
  std::string SourceRoot; ///< SARIF: paths under it become relative
  std::string Version;
};

void printText(llvm::raw_ostream &OS, const std::vector<CheckedObject> &Objs,
               const ReportOptions &Opts);
llvm::json::Value reportJson(const std::vector<CheckedObject> &Objs,
                             const ReportOptions &Opts);
llvm::json::Value reportSarif(const std::vector<CheckedObject> &Objs,
                              const ReportOptions &Opts);

/// "file.c:12:3" from line info, else "section+0x40".
std::string locationText(const BpfObject &Obj, InsnLoc Loc);

} // namespace check
} // namespace helperguard

#endif // HELPERGUARD_CHECK_CHECKREPORT_H
