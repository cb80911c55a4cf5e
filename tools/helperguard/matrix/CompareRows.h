//===- CompareRows.h - The rows of a matrix comparison ----------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what is compared between two matrix results and how rows pair up:
// one row per (kernel, object file name, program), a kernel named by its
// Debian version (its spec when it was not resolved), an object by its file
// name without directories (two builds of the same sources in two
// directories pair up); per side the verdict and six numbers (Metric).
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_COMPAREROWS_H
#define HELPERGUARD_TOOLS_MATRIX_COMPAREROWS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

enum Metric { Insns, States, PeakStates, Stack, Xlated, Removed, NumMetrics };

/// --fail-on names and JSON keys of the metrics.
extern const char *const MetricNames[NumMetrics];
extern const char *const MetricJsonKeys[NumMetrics];

std::optional<Metric> metricByName(llvm::StringRef Name);

/// V with its sign: "+3", "-2", "0".
std::string signedStr(int64_t V);

/// Delta D of a value Base as "+12.5%".
std::string percent(int64_t D, double Base);

/// One program on one kernel, on one side of the comparison.
struct Side {
  bool Present = false; // the side has a result for the program
  std::string Absent;   // why not: "no result", "kernel boot-failed", ...
  bool Loaded = false;
  std::string Category; // of a reject
  std::array<std::optional<int64_t>, NumMetrics> Values;
};

/// One kernel and program, both sides.
struct Row {
  std::string Kernel, Object, Program;
  Side Base, New;

  bool bothPresent() const { return Base.Present && New.Present; }
  bool rejectFlip() const {
    return bothPresent() && Base.Loaded && !New.Loaded;
  }
  bool acceptFlip() const {
    return bothPresent() && !Base.Loaded && New.Loaded;
  }
  /// New - Base of M, when both sides have it.
  std::optional<int64_t> delta(Metric M) const;
  /// The verdict, presence or a number differs.
  bool changed() const;
};

/// One side: its kernels in order, each with a status and its programs.
struct MatrixResult {
  struct Kernel {
    std::string Name, Status;
    std::vector<std::pair<std::string, std::string>> Keys; // object, program
    std::map<std::pair<std::string, std::string>, Side> Progs;
  };
  std::vector<Kernel> Kernels;
};

/// The JSON text of the file at Path; errors name the file.
llvm::Expected<llvm::json::Value> readJsonFile(llvm::StringRef Path);

/// V (a "helperguard matrix --json" result) as a MatrixResult; What names
/// it in errors.
llvm::Expected<MatrixResult> resultFromJson(const llvm::json::Value &V,
                                            const std::string &What);

/// The rows of B vs N, kernel by kernel in B's order (then what only N
/// has), programs in B's order (then what only N has).
std::vector<Row> pairRows(const MatrixResult &B, const MatrixResult &N);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_COMPAREROWS_H
