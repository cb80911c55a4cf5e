//===- Main.cpp - The helperguard command-line tool -----------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Global options and dispatch to the subcommands listed in Commands.h.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace helperguard::tool;

namespace {

const Command Commands[] = {
    {"db", "query the BPF helper database (list, show, hazards, diff)",
     runDbCommand},
    {"check", "find hazardous helper calls in compiled BPF objects (.o)",
     runCheckCommand},
    {"matrix", "load objects on real kernels under QEMU and compare verifiers",
     runMatrixCommand},
    {"probe", "is the running kernel affected? (runs helperguard-probe)",
     runProbeCommand},
};

void printHelp(raw_ostream &OS) {
  OS << "usage: helperguard [--help] [--version] <command> [<args>]\n"
        "\n"
        "Finds BPF helper calls whose stack buffer the Linux verifier may\n"
        "keep stale knowledge of, per kernel version.\n"
        "\n"
        "commands:\n";
  for (const Command &C : Commands)
    OS << "  " << left_justify(C.Name, 10) << C.Summary << "\n";
  OS << "\n'helperguard <command> --help' describes a command.\n";
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  SmallVector<StringRef, 8> Args(argv + 1, argv + argc);
  if (Args.empty()) {
    printHelp(errs());
    return ExitUsage;
  }
  StringRef First = Args.front();
  if (First == "--help" || First == "-h" || First == "help") {
    printHelp(outs());
    return ExitOK;
  }
  if (First == "--version") {
    outs() << "helperguard " << HELPERGUARD_VERSION << "\n";
    return ExitOK;
  }
  for (const Command &C : Commands)
    if (C.Name == First)
      return C.Run(ArrayRef<StringRef>(Args).drop_front());
  if (helperguard::compat::startsWith(First, "-"))
    return usageError("unknown option '" + First +
                      "' (see 'helperguard --help')");
  return usageError("unknown command '" + First +
                    "' (see 'helperguard --help')");
}
