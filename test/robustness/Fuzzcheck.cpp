//===- Fuzzcheck.cpp - libFuzzer target for "helperguard check" -----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Any byte string as a BPF object: it is read or rejected with a one-line
// message, never a crash; what is read is checked against the built-in
// database on every kernel and reported in all three formats.
//
//===----------------------------------------------------------------------===//

#include "BpfObject.h"
#include "CheckReport.h"
#include "HazardChecker.h"

#include "FuzzSupport.h"

#include "helperguard/HelperDB.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

using namespace helperguard;
using namespace helperguard::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const HelperDB &DB = HelperDB::builtin();
  static const KernelSet All = KernelSet::all();
  llvm::StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<std::unique_ptr<BpfObject>> Obj = BpfObject::read(
      llvm::MemoryBuffer::getMemBufferCopy(Bytes, "fuzz.o"));
  if (!Obj) {
    std::string Msg = llvm::toString(Obj.takeError());
    fuzz::check("hg-fuzz-check", !Msg.empty(), "error is empty", "");
    fuzz::check("hg-fuzz-check", Msg.find('\n') == std::string::npos,
                "error is not one line", Msg);
    return 0;
  }
  std::vector<CheckedObject> Objs(1);
  Objs[0].Path = "fuzz.o";
  Objs[0].Result = checkObject(**Obj, DB, All);
  Objs[0].Obj = std::move(*Obj);
  ReportOptions Opts;
  Opts.Kernels = "all";
  Opts.All = true;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printText(OS, Objs, Opts);
  OS << reportJson(Objs, Opts) << reportSarif(Objs, Opts);
  return 0;
}
