//===- MatrixTypes.h - Results and options of "helperguard matrix" -*- C++ -*-//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The data every part of "helperguard matrix" shares: what the user asked for
// (MatrixOptions) and what one guest reported per kernel and program
// (KernelResult, ProgResult). Parsing, classification and printing live in
// their own files (ResultsParser, VerifierLogClassifier, MatrixOutput); this
// header decides nothing.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_MATRIXTYPES_H
#define HELPERGUARD_TOOLS_MATRIX_MATRIXTYPES_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

/// One program of one object on one kernel.
struct ProgResult {
  unsigned ObjIndex = 0; // index into MatrixOptions::Objects
  std::string Prog, Type;
  bool Loaded = false;
  std::string LoadError, KeyMessage, Category;
  std::vector<std::string> Log; // tail of the verifier log (rejects)
  std::optional<uint64_t> Processed, TotalStates, PeakStates, ObjInsns,
      XlatedInsns, ObjBranches, XlatedBranches;
  std::string StackDepth;
  std::optional<int64_t> Retval;
  std::string RunError, Attach, Exec;
};

/// One kernel: how it was obtained and booted, and its programs.
struct KernelResult {
  std::string Spec, Version, Image, Release, ProcVersion, Accel;
  enum { Ok, FetchFailed, BootFailed } Status = Ok;
  std::string Error;
  std::vector<std::string> ConsoleTail;
  double Seconds = 0;
  std::vector<ProgResult> Progs;
};

/// The command line of "helperguard matrix".
struct MatrixOptions {
  std::vector<std::string> Kernels, Objects;
  bool Json = false, Markdown = false, Keep = false;
  std::string Accel = "auto";
  unsigned Timeout = 180;
  // --compare BASE NEW (Objects holds BASE and NEW) and its options.
  bool Compare = false, OnlyChanged = false;
  std::string Sort, FailOn;
  // --jobs N: guests at once; --shard K/N: the K-th of N slices of the
  // kernel x object work (1-based).
  unsigned Jobs = 1, Shard = 1, Shards = 1;
  // --html FILE: also write the HTML report; HtmlFromJson: the positional
  // argument is a --json result to draw, nothing runs.
  std::string Html;
  bool HtmlFromJson = false;
};

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_MATRIXTYPES_H
