//===- CheckCommand.cpp - "helperguard check": hazards in BPF objects -----===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard check [--kernels SEL] [--json|--sarif] [--all] [--db FILE]
//                     [--source-root DIR] OBJ.o...
//
// Reads compiled BPF objects and reports the helper calls whose stale write
// the program relies on (tools/check/HazardChecker.h), with the same helper
// database and kernel selection as the pass (-bpf-helperguard-kernels=).
// Exit status: 0 no hazard on the targeted kernels, 1 hazards found, 2 bad
// arguments or an object that cannot be read or analysed.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "../check/CheckReport.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace helperguard::check;

namespace helperguard {
namespace tool {

namespace {

const char CheckHelp[] =
    R"(usage: helperguard check [options] OBJ.o...

Finds, in compiled BPF objects (clang, GCC, bpftool gen object), the helper
calls that write a stack buffer whose old contents the verifier of the
targeted kernels keeps believing, where the program then relies on them
(a branch, a bounds check, a size, a map key).

options:
  --kernels SEL       kernels to check for, as -bpf-helperguard-kernels=:
                      "all" (default), "6.17.13", "6.14-6.18", a list
  --json              print every call and its verdict as JSON
  --sarif             print the hazards as SARIF 2.1.0 (code scanning)
  --all               text: print every helper call, not only the hazards
  --db FILE           merge FILE over the builtin helper database (repeats)
  --source-root DIR   SARIF: make source paths under DIR relative to it
  --help              print this text

exit status: 0 no hazard, 1 hazards found, 2 bad input or arguments
)";

constexpr int ExitHazard = 1;

} // namespace

int runCheckCommand(ArrayRef<StringRef> Args) {
  Expected<ParsedArgs> P =
      parseArgs(Args, {"kernels", "db", "source-root"},
                {"json", "sarif", "all", "help"});
  if (!P)
    return usageError(toString(P.takeError()));
  if (P->has("help")) {
    outs() << CheckHelp;
    return ExitOK;
  }
  if (P->has("json") && P->has("sarif"))
    return usageError("'check': --json and --sarif exclude each other");
  if (P->Positional.empty())
    return usageError("'check' needs at least one object (see 'helperguard "
                      "check --help')");
  std::string KernelsText = P->value("kernels");
  if (KernelsText.empty())
    KernelsText = "all";
  Expected<HelperDB> DB = loadDatabase(P->values("db"));
  if (!DB)
    return usageError(toString(DB.takeError()));
  // After the database: a release is resolved against its measurements.
  Expected<KernelSelection> Selection = DB->selectKernels(KernelsText);
  if (!Selection)
    return usageError("--kernels: " + toString(Selection.takeError()));
  if (!Selection->Unmeasured.empty())
    errs() << "helperguard: warning: "
           << unmeasuredReleasesMessage(Selection->Unmeasured, "--db FILE") << "\n";
  const KernelSet *Targets = &Selection->Kernels;

  std::vector<CheckedObject> Objs;
  bool Bad = false;
  for (const std::string &Path : P->Positional) {
    CheckedObject C;
    C.Path = Path;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(Path, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Buf) {
      C.Error = "cannot read: " + Buf.getError().message();
    } else if (Expected<std::unique_ptr<BpfObject>> O =
                   BpfObject::read(std::move(*Buf))) {
      C.Obj = std::move(*O);
      C.Result = checkObject(*C.Obj, *DB, *Targets);
      if (ErrorOr<std::unique_ptr<MemoryBuffer>> Elf =
              MemoryBuffer::getFile(Path, false, false))
        C.Portability = checkAvailability((*Elf)->getBuffer(), *C.Obj,
                                          C.Result, *DB, *Targets);
      for (const ProgramError &E : C.Result.Errors)
        errs() << "helperguard: error: " << Path << ": program " << E.Program
               << " (section " << E.Section << ") not checked: " << E.Message
               << "\n";
      Bad |= !C.Result.Errors.empty();
    } else {
      C.Error = toString(O.takeError());
    }
    if (!C.Obj) {
      Bad = true;
      errs() << "helperguard: error: " << Path << ": " << C.Error << "\n";
    }
    Objs.push_back(std::move(C));
  }

  ReportOptions Opts;
  Opts.Kernels = KernelsText;
  Opts.All = P->has("all");
  Opts.SourceRoot = P->value("source-root");
  Opts.Version = HELPERGUARD_VERSION;
  if (P->has("json"))
    printJson(reportJson(Objs, Opts));
  else if (P->has("sarif"))
    printJson(reportSarif(Objs, Opts));
  else
    printText(outs(), Objs, Opts);

  if (Bad)
    return ExitUsage;
  for (const CheckedObject &C : Objs)
    if (C.Result.hazardous())
      return ExitHazard;
  return ExitOK;
}

} // namespace tool
} // namespace helperguard
