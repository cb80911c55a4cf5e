//===- MatrixCommand.cpp - "helperguard matrix": objects x real kernels ---===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//   helperguard matrix [--kernels LIST] [--json|--markdown] OBJ.o...
//
// Boots each kernel under QEMU, one after another, with a throw-away busybox
// initramfs holding the project's static libbpf loader (test/kernel/loader.c)
// and the objects, loads every program of every object on its own, and
// reports per (kernel, program): loaded or rejected (with the key verifier
// message and a category), the verifier's statistics, the conditional
// branches of the object vs the verifier's rewritten program, the
// BPF_PROG_TEST_RUN return value, and the kernel version.
//
// The host side is this file; the guest side is scripts/kbench/run-guest
// (initramfs + QEMU with a timeout, KVM with a fall-back to TCG) and
// scripts/kbench/fetch-kernel (Debian kernels through a private apt
// configuration, cached). Both are found under the source tree
// (HELPERGUARD_SOURCE_DIR at build time, or $HELPERGUARD_SOURCE_DIR).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ToolSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <optional>

extern char **environ;

using namespace llvm;

namespace helperguard {
namespace tool {

namespace {

const char MatrixHelp[] =
    R"(usage: helperguard matrix [options] OBJ.o...

Boots each kernel under QEMU (one guest at a time) with a throw-away
initramfs holding the objects and a static libbpf loader, loads every program
of every object on its own and reports, per kernel and program: loaded or
rejected (key verifier message and category), processed instructions, stack
depth, total/peak states, conditional branches in the object vs in the
verifier's rewritten program (xlated; branches the verifier removed are how
the helper-prototype miscompile shows), the BPF_PROG_TEST_RUN return value
(xdp, tc, socket filter, raw_tp, syscall), and for attachable programs the
result of executing /tmp/hg-exec (a copy of busybox) while attached.

options:
  --kernels LIST   kernels, separated by commas or spaces: Debian versions
                   (6.17.13+deb13), series (6.17: the newest), aliases of
                   scripts/kbench/kernels.list, or paths to a vmlinuz.
                   Default: the alias "matrix" of kernels.list (6.1, 6.12,
                   6.16, 6.17, 6.18.5, 6.18.12, 6.18.15, 6.19, newest 7.x)
  --json           print JSON
  --markdown       print Markdown (a kernel x program summary and details)
  --accel A        auto (default: KVM when /dev/kvm is usable, else TCG,
                   with a fall-back to TCG), kvm, tcg
  --timeout S      seconds before a guest is declared hung (default 180)
  --keep           keep the work directory (console logs, results)
  --help           print this text

Exit status: 0 every kernel booted and ran the loader (programs that fail to
load are results, not errors); 1 some kernel could not be fetched or did not
boot; 2 bad arguments (missing or non-BPF object, missing or corrupt kernel
image, no QEMU).
)";

// ---------------------------------------------------------------------------
// Results

struct ProgResult {
  unsigned ObjIndex = 0;
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

struct KernelResult {
  std::string Spec, Version, Image, Release, ProcVersion, Accel;
  enum { Ok, FetchFailed, BootFailed } Status = Ok;
  std::string Error;
  std::vector<std::string> ConsoleTail;
  double Seconds = 0;
  std::vector<ProgResult> Progs;
};

struct Options {
  std::vector<std::string> Kernels, Objects;
  bool Json = false, Markdown = false, Keep = false;
  std::string Accel = "auto";
  unsigned Timeout = 180;
};

// ---------------------------------------------------------------------------
// Small helpers

/// scripts/kbench's cache: ${HELPERGUARD_CACHE:-$HOME/.cache/helperguard}.
std::string cacheDir() {
  if (std::optional<std::string> E = sys::Process::GetEnv("HELPERGUARD_CACHE"))
    return *E;
  SmallString<128> Home;
  sys::path::home_directory(Home);
  return (Home + "/.cache/helperguard").str();
}

std::string readFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  return B ? (*B)->getBuffer().str() : std::string();
}

std::vector<std::string> lines(StringRef Text) {
  SmallVector<StringRef, 64> L;
  Text.split(L, '\n', -1, false);
  std::vector<std::string> Out;
  for (StringRef S : L)
    Out.push_back(S.rtrim("\r").str());
  return Out;
}

/// Console text without terminal escape sequences and control characters.
std::string printable(StringRef S) {
  std::string O;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == '\x1b') { // ESC [ params letter, or ESC + one character
      if (I + 1 < S.size() && S[I + 1] == '[') {
        I += 2;
        while (I < S.size() && !isAlpha(S[I]))
          ++I;
      } else {
        ++I;
      }
      continue; // the loop steps over the final character
    }
    if ((unsigned char)S[I] >= 0x20 || S[I] == '\t')
      O += S[I];
  }
  return O;
}

std::vector<std::string> tail(const std::vector<std::string> &L, size_t N) {
  std::vector<std::string> T;
  for (size_t I = L.size() > N ? L.size() - N : 0; I < L.size(); ++I)
    T.push_back(printable(L[I]));
  return T;
}

/// The value of "key=value" in a space-separated line, or "".
std::string field(StringRef Line, StringRef Key) {
  SmallVector<StringRef, 16> Words;
  Line.split(Words, ' ', -1, false);
  for (StringRef W : Words)
    if (W.consume_front(Key) && W.consume_front("="))
      return W.str();
  return "";
}

std::optional<uint64_t> num(StringRef S) {
  uint64_t V;
  if (S.empty() || S.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

/// The environment with Extra ("NAME=value") added or replaced.
std::vector<std::string> environment(ArrayRef<std::string> Extra) {
  std::vector<std::string> Env;
  for (char **E = environ; E && *E; ++E) {
    StringRef S(*E);
    bool Replaced = any_of(Extra, [&](const std::string &X) {
      return S.split('=').first == StringRef(X).split('=').first;
    });
    if (!Replaced)
      Env.push_back(S.str());
  }
  append_range(Env, Extra);
  return Env;
}

struct RunResult {
  int Status = -1; // exit status; -1: could not run, -2: timed out
  std::string Out, Err;
};

/// Runs Argv[0] with stdout/stderr captured in files under Dir.
RunResult run(ArrayRef<std::string> Argv, StringRef Dir, StringRef Tag,
              unsigned Seconds, ArrayRef<std::string> ExtraEnv = {}) {
  RunResult R;
  std::string OutF = (Dir + "/" + Tag + ".out").str(),
              ErrF = (Dir + "/" + Tag + ".err").str();
  SmallVector<StringRef, 8> Args(Argv.begin(), Argv.end());
  std::vector<std::string> EnvS = environment(ExtraEnv);
  SmallVector<StringRef, 64> Env(EnvS.begin(), EnvS.end());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutF),
                                          StringRef(ErrF)};
  std::string ErrMsg;
  bool Failed = false;
  R.Status = sys::ExecuteAndWait(Args[0], Args, ArrayRef<StringRef>(Env),
                                 Redirects, Seconds, 0, &ErrMsg, &Failed);
  R.Out = readFile(OutF);
  R.Err = readFile(ErrF);
  if (Failed) {
    R.Status = -1;
    R.Err += ErrMsg;
  } else if (R.Status == -2 || (R.Status < 0 && !ErrMsg.empty() &&
                                StringRef(ErrMsg).contains("timeout"))) {
    R.Status = -2;
  }
  return R;
}

// ---------------------------------------------------------------------------
// Input checks

Error checkObject(StringRef Path) {
  std::string Data = readFile(Path);
  if (!sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "object '" + Path + "' does not exist");
  if (Data.size() < 20 || !StringRef(Data).starts_with("\x7f"
                                                       "ELF"))
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path + "' is not an ELF object file");
  bool LE = Data[5] == 1;
  unsigned Machine = LE ? (uint8_t)Data[18] | (uint8_t)Data[19] << 8
                        : (uint8_t)Data[19] | (uint8_t)Data[18] << 8;
  if (Machine != 247 /* EM_BPF */)
    return createStringError(
        inconvertibleErrorCode(),
        "'" + Path + "' is not a BPF object (ELF machine " +
            std::to_string(Machine) + ", BPF is 247; compile with -target bpf)");
  return Error::success();
}

bool looksLikePath(StringRef K) {
  return K.contains('/') || sys::fs::exists(K);
}

Error checkKernelImage(StringRef Path) {
  if (!sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "kernel image '" + Path + "' does not exist");
  ErrorOr<std::unique_ptr<MemoryBuffer>> B =
      MemoryBuffer::getFile(Path, false, false);
  if (!B)
    return createStringError(inconvertibleErrorCode(),
                             "kernel image '" + Path + "' is not readable");
  StringRef D = (*B)->getBuffer();
  // x86 boot protocol: "HdrS" at 0x202 of a bzImage.
  if (D.size() < 0x300 || D.substr(0x202, 4) != "HdrS")
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path +
                                 "' is not an x86 Linux kernel image (no "
                                 "bzImage header); corrupt or truncated?");
  return Error::success();
}

// ---------------------------------------------------------------------------
// Verifier messages

/// Lines of the verifier log that are instruction dumps or states, not
/// messages.
bool isDumpLine(StringRef L) {
  L = L.trim();
  if (L.empty() || L.starts_with(";") || L.starts_with("from ") ||
      L.starts_with("processed ") || L.starts_with("verification time") ||
      L.starts_with("stack depth") || L.starts_with("func#") ||
      L.starts_with("last_idx") || L.starts_with("regs=") ||
      L.starts_with("parent didn't") || L.starts_with("mark_precise") ||
      L.starts_with("Validating") || L.starts_with("(empty") ||
      L.starts_with(">>>") || L.starts_with("subprog ") ||
      L.starts_with("Suggestion:") || L.starts_with("-- "))
    return true;
  // "12: (bf) r1 = r6" or "12: R1=ctx() ..."
  size_t I = 0;
  while (I < L.size() && isDigit(L[I]))
    ++I;
  if (I > 0 && I < L.size() && L[I] == ':')
    return true;
  // 7.x source listing: "  7 | (79) r1 = *(u64 *)(r0 +0)"
  if (I > 0 && L.substr(I).ltrim().starts_with("|"))
    return true;
  if (L.size() > 2 && (L[0] == 'R' || L[0] == 'r') && isDigit(L[1]) &&
      L.contains("=") && !L.contains(" invalid") && !L.contains("type="))
    return true;
  return false;
}

struct Category {
  StringRef Name;
  std::vector<StringRef> Needles;
};

const Category Categories[] = {
    {"nullability", {"map_value_or_null", "_or_null", "possibly NULL"}},
    {"context access",
     {"invalid bpf_context access", "invalid access to context",
      "dereference of modified ctx"}},
    {"map value bounds",
     {"invalid access to map value", "map value is outside"}},
    {"stack",
     {"invalid stack", "invalid read from stack", "invalid write to stack",
      "stack depth", "combined stack size", "invalid indirect read from stack",
      "stack out of bounds"}},
    {"helper argument",
     {"expected=", "arg#", "unknown func", "cannot pass", "helper call",
      "R1 type=", "R2 type=", "R3 type=", "R4 type=", "R5 type=",
      "program of this type cannot use helper", "invalid zero-sized read",
      "unbounded memory access", "invalid indirect access"}},
    {"return value",
     {"At program exit", "should have been in", "R0 !read_ok",
      "R0 has value", "R0 has smin"}},
};

void classify(ProgResult &P) {
  // The key message: the last non-dump line that matches a category, else
  // the last non-dump line.
  std::string Last;
  for (auto It = P.Log.rbegin(); It != P.Log.rend(); ++It) {
    StringRef L = StringRef(*It).trim();
    if (isDumpLine(L))
      continue;
    if (Last.empty())
      Last = L.str();
    for (const Category &C : Categories)
      for (StringRef N : C.Needles)
        if (L.contains(N)) {
          P.KeyMessage = L.str();
          P.Category = C.Name.str();
          return;
        }
  }
  P.KeyMessage = Last.empty() ? P.LoadError : Last;
  P.Category = "other";
}

// ---------------------------------------------------------------------------
// The guest

std::string guestScript(size_t NumObjects) {
  std::string S = R"SH(# generated by helperguard matrix
cp /bin/busybox /tmp/hg-exec && chmod 755 /tmp/hg-exec
echo "KERNEL release=$(uname -r)" >> "$HG_RESULTS"
echo "PROCVERSION $(cat /proc/version)" >> "$HG_RESULTS"
)SH";
  for (size_t I = 0; I < NumObjects; ++I)
    S += formatv("echo \"OBJSTART {0}\" >> \"$HG_RESULTS\"\n"
                 "hg-loader run /progs/o{0}.o --exec /tmp/hg-exec true | sed "
                 "\"s|^|OBJ={0} |\" >> \"$HG_RESULTS\"\n",
                 I)
             .str();
  S += "true\n";
  return S;
}

ProgResult &progFor(KernelResult &K, unsigned Obj, StringRef Name) {
  for (ProgResult &P : K.Progs)
    if (P.ObjIndex == Obj && P.Prog == Name)
      return P;
  K.Progs.emplace_back();
  K.Progs.back().ObjIndex = Obj;
  K.Progs.back().Prog = Name.str();
  return K.Progs.back();
}

void parseResults(KernelResult &K, StringRef Text) {
  for (const std::string &LineS : lines(Text)) {
    StringRef L(LineS);
    if (L.consume_front("KERNEL ")) {
      K.Release = field(" " + L.str(), "release");
      continue;
    }
    if (L.consume_front("PROCVERSION ")) {
      K.ProcVersion = L.str();
      continue;
    }
    if (!L.consume_front("OBJ="))
      continue;
    auto [ObjS, Rest] = L.split(' ');
    unsigned Obj;
    if (ObjS.getAsInteger(10, Obj))
      continue;
    auto [Kind, Rest2] = Rest.split(' ');
    if (Kind == "DONE" || Kind == "ERROR") {
      if (Kind == "ERROR") {
        ProgResult &P = progFor(K, Obj, "(object)");
        P.LoadError = Rest2.str();
        P.KeyMessage = Rest2.str();
        P.Category = "other";
      }
      continue;
    }
    auto [Name, Args] = Rest2.split(' ');
    if (Name.empty())
      continue;
    ProgResult &P = progFor(K, Obj, Name);
    std::string A = " " + Args.str();
    if (Kind == "LOADED") {
      P.Loaded = true;
      P.Type = field(A, "type");
      P.ObjInsns = num(field(A, "insns"));
    } else if (Kind == "STATS") {
      P.Processed = num(field(A, "processed"));
      P.TotalStates = num(field(A, "total_states"));
      P.PeakStates = num(field(A, "peak_states"));
      P.StackDepth = field(A, "stack_depth");
    } else if (Kind == "XLATED") {
      P.XlatedInsns = num(field(A, "insns"));
    } else if (Kind == "BRANCHES") {
      P.ObjBranches = num(field(A, "obj"));
      P.XlatedBranches = num(field(A, "xlated"));
    } else if (Kind == "RESULT") {
      int64_t V;
      if (!StringRef(field(A, "retval")).getAsInteger(10, V))
        P.Retval = V;
    } else if (Kind == "RUNFAIL") {
      P.RunError = Args.str();
    } else if (Kind == "ATTACHED") {
      P.Attach = "attached";
    } else if (Kind == "ATTACHFAIL") {
      P.Attach = "attach failed: " + Args.str();
    } else if (Kind == "EXEC") {
      std::string E = field(A, "errno");
      if (!E.empty())
        P.Exec = E == "1" ? "refused (EPERM)" : "errno " + E;
      else if (!field(A, "exit").empty())
        P.Exec = "ran (exit " + field(A, "exit") + ")";
      else
        P.Exec = "signal " + field(A, "signal");
    } else if (Kind == "LOADFAIL") {
      P.Loaded = false;
      P.LoadError = Args.str();
    } else if (Kind == "VLOG") {
      P.Log.push_back(Args.str());
    }
  }
  for (ProgResult &P : K.Progs) {
    if (P.Loaded || P.LoadError.empty())
      continue;
    // The stats line is in the tail of a rejected program's log too.
    for (const std::string &L : P.Log) {
      StringRef S(L);
      if (S.consume_front("processed ")) {
        uint64_t V;
        if (!S.split(' ').first.getAsInteger(10, V))
          P.Processed = V;
        std::string Sx = " " + S.str();
        auto After = [&](StringRef Key) -> std::optional<uint64_t> {
          size_t I = StringRef(Sx).find((" " + Key + " ").str());
          if (I == StringRef::npos)
            return std::nullopt;
          return num(StringRef(Sx).substr(I + Key.size() + 2).split(' ').first);
        };
        P.TotalStates = After("total_states");
        P.PeakStates = After("peak_states");
      }
      StringRef SL(L);
      if (SL.starts_with("stack depth ") && !SL.starts_with("stack depth max"))
        P.StackDepth = SL.drop_front(12).trim().str();
      // 7.x: "subprog 0 (name) main insns_self 7 insns_total 7 stack 8"
      if (SL.starts_with("subprog ") && SL.contains(" stack ")) {
        std::string D = SL.rsplit(" stack ").second.split(' ').first.str();
        P.StackDepth = SL.starts_with("subprog 0 ") || P.StackDepth.empty()
                           ? D
                           : P.StackDepth + "+" + D;
      }
    }
    classify(P);
  }
}

// ---------------------------------------------------------------------------
// Output

std::string objName(const Options &O, unsigned I) {
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
  std::string S = std::to_string(*P.ObjBranches) + "->" + optStr(P.XlatedBranches);
  if (P.XlatedBranches && *P.XlatedBranches < *P.ObjBranches)
    S += " (" + std::to_string(*P.ObjBranches - *P.XlatedBranches) + " removed)";
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

void printTable(const Options &O, const std::vector<KernelResult> &Ks) {
  const char *Hdr[] = {"program",  "result", "insns", "stack", "states",
                       "branches", "run",    "verifier message"};
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
      std::string States = P.TotalStates ? optStr(P.TotalStates) + "/" +
                                               optStr(P.PeakStates)
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

void printMarkdown(const Options &O, const std::vector<KernelResult> &Ks) {
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
        Cell = "**rejected** (" + Found->Category + "): " +
               optStr(Found->Processed) + " insns";
      outs() << " " << mdEscape(Cell) << " |";
    }
    outs() << "\n";
  }
  outs() << "\n| kernel | uname -r | boot |\n| --- | --- | --- |\n";
  for (const KernelResult &K : Ks)
    outs() << "| " << kernelLabel(K) << " | " << (K.Release.empty() ? "-" : K.Release)
           << " | " << mdEscape(kernelStatus(K)) << " |\n";
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
             << (P.Loaded ? "" : mdEscape("[" + P.Category + "] " + P.KeyMessage))
             << " |\n";
}

json::Value optJson(const std::optional<uint64_t> &V) {
  return V ? json::Value(*V) : json::Value(nullptr);
}

void printJsonOut(const Options &O, const std::vector<KernelResult> &Ks) {
  json::Array Kernels;
  for (const KernelResult &K : Ks) {
    json::Array Progs;
    for (const ProgResult &P : K.Progs) {
      json::Object J{{"object", O.Objects[P.ObjIndex]},
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
                     {"retval", P.Retval ? json::Value(*P.Retval)
                                         : json::Value(nullptr)}};
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
  printJson(json::Object{{"kernels", std::move(Kernels)}});
}

// ---------------------------------------------------------------------------
// The run

std::vector<std::string> splitList(StringRef S) {
  SmallVector<StringRef, 16> Parts;
  SplitString(S, Parts, ", \t\n");
  std::vector<std::string> Out;
  for (StringRef P : Parts)
    Out.push_back(P.str());
  return Out;
}

int runMatrix(const Options &O) {
  std::string Root = sourceDir();
  std::string KBench = Root + "/scripts/kbench";
  for (StringRef S : {"fetch-kernel", "run-guest", "build-loader"})
    if (!sys::fs::can_execute(KBench + "/" + S.str()))
      return usageError("cannot find " + KBench + "/" + S +
                        " (set HELPERGUARD_SOURCE_DIR to the source tree)");

  // QEMU first: without it nothing else matters.
  std::string Qemu;
  if (std::optional<std::string> E = sys::Process::GetEnv("HG_QEMU"))
    Qemu = *E;
  else if (ErrorOr<std::string> P = sys::findProgramByName("qemu-system-x86_64"))
    Qemu = *P;
  if (Qemu.empty() || !sys::fs::can_execute(Qemu) ||
      (!StringRef(Qemu).contains('/') && !sys::findProgramByName(Qemu)))
    return usageError("QEMU not found ('" +
                      (Qemu.empty() ? std::string("qemu-system-x86_64") : Qemu) +
                      "'): install it with 'apt-get install qemu-system-x86'");

  // KVM when it is usable and has not failed on this machine in the last
  // day (a failed KVM boot costs a boot: remembered in the cache).
  std::string KvmMark = cacheDir() + "/kvm-failed";
  std::string Accel = O.Accel;
  bool KvmUsable =
      !sys::fs::access("/dev/kvm", sys::fs::AccessMode::Write);
  if (Accel == "auto") {
    sys::fs::file_status St;
    bool RecentFail =
        !sys::fs::status(KvmMark, St) &&
        std::chrono::system_clock::now() - St.getLastModificationTime() <
            std::chrono::hours(24);
    Accel = KvmUsable && !RecentFail ? "kvm" : "tcg";
    if (KvmUsable && RecentFail)
      errs() << "matrix: KVM failed to boot a guest on this machine within a "
                "day (" << KvmMark << "); using TCG (--accel kvm tries it)\n";
    else if (!KvmUsable)
      errs() << "matrix: /dev/kvm is not usable; using TCG\n";
  } else if (Accel == "kvm" && !KvmUsable) {
    errs() << "matrix: /dev/kvm is not usable; the guests fall back to TCG\n";
  }

  SmallString<128> Work;
  if (std::error_code EC = sys::fs::createUniqueDirectory("hg-matrix", Work))
    return usageError("cannot create a work directory: " + EC.message());
  auto RemoveWork = [&] {
    if (O.Keep)
      errs() << "matrix: work directory kept: " << Work << "\n";
    else
      sys::fs::remove_directories(Work);
  };
  // LLVM 22 spells it scope_exit (make_scope_exit is deprecated there); LLVM
  // 19 has only make_scope_exit.
#if LLVM_VERSION_MAJOR >= 22
  scope_exit Cleanup(RemoveWork);
#else
  auto Cleanup = make_scope_exit(RemoveWork);
#endif

  RunResult L = run({KBench + "/build-loader"}, Work, "build-loader", 600);
  std::string Loader = StringRef(L.Out).trim().rsplit('\n').second.str();
  if (Loader.empty())
    Loader = StringRef(L.Out).trim().str();
  if (L.Status != 0 || !sys::fs::can_execute(Loader)) {
    errs() << L.Err;
    return usageError("building the guest loader (scripts/kbench/build-loader) failed");
  }

  std::vector<KernelResult> Results;
  std::string Script = guestScript(O.Objects.size());
  bool KvmFellBack = false;
  unsigned N = O.Kernels.size(), I = 0;
  for (const std::string &Spec : O.Kernels) {
    ++I;
    KernelResult K;
    K.Spec = Spec;
    errs() << formatv("matrix: [{0}/{1}] {2}: ", I, N, Spec);
    errs().flush();
    std::string Dir = formatv("{0}/k{1}", Work, I).str();
    sys::fs::create_directories(Dir);
    if (looksLikePath(Spec)) {
      K.Image = Spec;
      K.Version = sys::path::filename(Spec).str();
      // A vmlinuz-<release> file names its release; "vmlinuz" its directory.
      StringRef F = sys::path::filename(Spec);
      if (F == "vmlinuz")
        K.Version = sys::path::filename(sys::path::parent_path(Spec)).str();
      else if (F.starts_with("vmlinuz-"))
        K.Version = F.drop_front(8).str();
    } else {
      errs() << "fetching... ";
      errs().flush();
      RunResult R = run({KBench + "/fetch-kernel", "--resolve", Spec}, Dir,
                        "resolve", 900);
      std::string V = StringRef(R.Out).trim().str();
      RunResult F;
      if (R.Status == 0 && !V.empty())
        F = run({KBench + "/fetch-kernel", V}, Dir, "fetch", 900);
      if (R.Status != 0 || V.empty() || F.Status != 0) {
        std::string E = R.Status != 0 || V.empty() ? R.Err : F.Err;
        std::vector<std::string> EL = lines(E);
        K.Status = KernelResult::FetchFailed;
        K.Error = EL.empty() ? "fetch-kernel failed" : EL.back();
        errs() << "NOT AVAILABLE (" << K.Error << ")\n";
        Results.push_back(std::move(K));
        continue;
      }
      K.Version = V;
      K.Image = StringRef(F.Out).trim().rsplit('\n').second.str();
      if (K.Image.empty())
        K.Image = StringRef(F.Out).trim().str();
    }
    // Objects and guest script.
    for (size_t J = 0; J < O.Objects.size(); ++J)
      sys::fs::copy_file(O.Objects[J], formatv("{0}/o{1}.o", Dir, J).str());
    {
      std::error_code EC;
      raw_fd_ostream OS(Dir + "/guest.sh", EC);
      OS << Script;
    }
    std::string Try = KvmFellBack ? "tcg" : Accel;
    errs() << "booting (" << Try << ")... ";
    errs().flush();
    auto T0 = std::chrono::steady_clock::now();
    RunResult G =
        run({KBench + "/run-guest", K.Image, Dir}, Dir, "run-guest",
            2 * O.Timeout + 60,
            {"HG_LOADER=" + Loader, "HG_GUEST_ACCEL=" + Try,
             "HG_GUEST_TIMEOUT=" + std::to_string(O.Timeout), "HG_QEMU=" + Qemu});
    K.Seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - T0)
                    .count();
    K.Accel = Try;
    if (StringRef(G.Err).contains("falling back to TCG")) {
      K.Accel = "tcg (KVM failed)";
      if (!KvmFellBack) {
        errs() << "KVM did not finish the boot, TCG from now on... ";
        sys::fs::create_directories(cacheDir());
        std::error_code EC;
        raw_fd_ostream(KvmMark, EC) << "KVM boot failed for " << K.Image << "\n";
      }
      KvmFellBack = true;
    }
    parseResults(K, readFile(Dir + "/results.log"));
    std::vector<std::string> Console = lines(readFile(Dir + "/console.log"));
    if (G.Status < 0 || G.Status >= 2) {
      K.Status = KernelResult::BootFailed;
      std::vector<std::string> EL = lines(G.Err);
      K.Error = G.Status == -2 ? "no answer from run-guest (killed)"
                : G.Status == -1 ? "cannot run run-guest: " + G.Err
                                 : "guest did not finish";
      for (const std::string &E : EL)
        for (StringRef Tag : {"FAIL: ", "error: "})
          if (size_t At = StringRef(E).find(Tag); At != StringRef::npos)
            K.Error = StringRef(E).substr(At + Tag.size()).str();
      K.ConsoleTail = tail(Console, 15);
      errs() << "FAILED (" << K.Error << ")\n";
    } else {
      errs() << formatv("done in {0:f1} s, {1} programs, uname -r {2}\n",
                        K.Seconds, K.Progs.size(), K.Release);
    }
    Results.push_back(std::move(K));
  }

  if (O.Json)
    printJsonOut(O, Results);
  else if (O.Markdown)
    printMarkdown(O, Results);
  else
    printTable(O, Results);
  bool AllOk = all_of(Results, [](const KernelResult &K) {
    return K.Status == KernelResult::Ok;
  });
  return AllOk ? ExitOK : 1;
}

} // namespace

int runMatrixCommand(ArrayRef<StringRef> Args) {
  Expected<ParsedArgs> P = parseArgs(Args, {"kernels", "accel", "timeout"},
                                     {"json", "markdown", "keep", "help"});
  if (!P)
    return usageError(toString(P.takeError()) +
                      " (see 'helperguard matrix --help')");
  if (P->has("help")) {
    outs() << MatrixHelp;
    return ExitOK;
  }
  Options O;
  O.Json = P->has("json");
  O.Markdown = P->has("markdown");
  O.Keep = P->has("keep");
  if (O.Json && O.Markdown)
    return usageError("--json and --markdown exclude each other");
  if (!P->value("accel").empty()) {
    O.Accel = P->value("accel");
    if (O.Accel != "auto" && O.Accel != "kvm" && O.Accel != "tcg")
      return usageError("--accel takes auto, kvm or tcg, not '" + O.Accel + "'");
  }
  if (!P->value("timeout").empty() &&
      (StringRef(P->value("timeout")).getAsInteger(10, O.Timeout) ||
       O.Timeout < 10))
    return usageError("--timeout takes a number of seconds (at least 10)");
  for (const std::string &K : P->values("kernels"))
    append_range(O.Kernels, splitList(K));
  if (O.Kernels.empty())
    O.Kernels = {"matrix"};
  if (P->Positional.empty()) {
    errs() << MatrixHelp;
    return ExitUsage;
  }
  O.Objects = P->Positional;
  for (const std::string &Obj : O.Objects)
    if (Error E = checkObject(Obj))
      return usageError(toString(std::move(E)));
  for (const std::string &K : O.Kernels)
    if (looksLikePath(K))
      if (Error E = checkKernelImage(K))
        return usageError(toString(std::move(E)));
  // The default alias expands in fetch-kernel; expand it here so that each
  // kernel is a row of its own.
  if (O.Kernels.size() == 1 && O.Kernels[0] == "matrix") {
    std::string List = readFile(sourceDir() + "/scripts/kbench/kernels.list");
    for (const std::string &Line : lines(List)) {
      StringRef S = StringRef(Line).split('#').first.trim();
      if (S.consume_front("matrix ") || S.consume_front("matrix\t")) {
        O.Kernels = splitList(S);
        break;
      }
    }
  }
  return runMatrix(O);
}

} // namespace tool
} // namespace helperguard
