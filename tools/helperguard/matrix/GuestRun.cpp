//===- GuestRun.cpp - Fetch a kernel, boot it, collect its results --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The guest side itself is scripts/kbench/run-guest (initramfs + QEMU with a
// timeout, KVM with a fall-back to TCG) and scripts/kbench/fetch-kernel
// (Debian kernels through a private apt configuration, cached); this file
// runs them and turns their exit statuses and logs into a KernelResult.
//
//===----------------------------------------------------------------------===//

#include "GuestRun.h"
#include "../ToolSupport.h"
#include "ResultsParser.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
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
namespace matrix {

/// scripts/kbench's cache: ${HELPERGUARD_CACHE:-$HOME/.cache/helperguard}.
std::string cacheDir() {
  if (std::optional<std::string> E =
          compat::toStd(sys::Process::GetEnv("HELPERGUARD_CACHE")))
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

namespace {

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
  compat::Optional<StringRef> Redirects[] = {StringRef(""), StringRef(OutF),
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

} // namespace

Error checkObject(StringRef Path) {
  std::string Data = readFile(Path);
  if (!sys::fs::exists(Path))
    return createStringError(inconvertibleErrorCode(),
                             "object '" + Path + "' does not exist");
  if (Data.size() < 20 || !compat::startsWith(Data, "\x7f"
                                                    "ELF"))
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path + "' is not an ELF object file");
  bool LE = Data[5] == 1;
  unsigned Machine = LE ? (uint8_t)Data[18] | (uint8_t)Data[19] << 8
                        : (uint8_t)Data[19] | (uint8_t)Data[18] << 8;
  if (Machine != 247 /* EM_BPF */)
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path +
                                 "' is not a BPF object (ELF machine " +
                                 std::to_string(Machine) +
                                 ", BPF is 247; compile with -target bpf)");
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

Error findGuestTools(const MatrixOptions &O, GuestSetup &S) {
  std::string Root = sourceDir();
  S.KBench = Root + "/scripts/kbench";
  S.Timeout = O.Timeout;
  for (StringRef Script : {"fetch-kernel", "run-guest", "build-loader"})
    if (!sys::fs::can_execute(S.KBench + "/" + Script.str()))
      return createStringError(inconvertibleErrorCode(),
                               "cannot find " + S.KBench + "/" + Script +
                                   " (set HELPERGUARD_SOURCE_DIR to the "
                                   "source tree)");

  // QEMU first: without it nothing else matters.
  std::string Qemu;
  if (std::optional<std::string> E =
          compat::toStd(sys::Process::GetEnv("HG_QEMU")))
    Qemu = *E;
  else if (ErrorOr<std::string> P =
               sys::findProgramByName("qemu-system-x86_64"))
    Qemu = *P;
  if (Qemu.empty() || !sys::fs::can_execute(Qemu) ||
      (!StringRef(Qemu).contains('/') && !sys::findProgramByName(Qemu)))
    return createStringError(
        inconvertibleErrorCode(),
        "QEMU not found ('" +
            (Qemu.empty() ? std::string("qemu-system-x86_64") : Qemu) +
            "'): install it with 'apt-get install qemu-system-x86'");
  S.Qemu = Qemu;

  // KVM when it is usable and has not failed on this machine in the last
  // day (a failed KVM boot costs a boot: remembered in the cache).
  S.KvmMark = cacheDir() + "/kvm-failed";
  S.Accel = O.Accel;
  bool KvmUsable = !sys::fs::access("/dev/kvm", sys::fs::AccessMode::Write);
  if (S.Accel == "auto") {
    sys::fs::file_status St;
    bool RecentFail =
        !sys::fs::status(S.KvmMark, St) &&
        std::chrono::system_clock::now() - St.getLastModificationTime() <
            std::chrono::hours(24);
    S.Accel = KvmUsable && !RecentFail ? "kvm" : "tcg";
    if (KvmUsable && RecentFail)
      errs() << "matrix: KVM failed to boot a guest on this machine within a "
                "day ("
             << S.KvmMark << "); using TCG (--accel kvm tries it)\n";
    else if (!KvmUsable)
      errs() << "matrix: /dev/kvm is not usable; using TCG\n";
  } else if (S.Accel == "kvm" && !KvmUsable) {
    errs() << "matrix: /dev/kvm is not usable; the guests fall back to TCG\n";
  }
  return Error::success();
}

Error buildLoader(GuestSetup &S) {
  RunResult L = run({S.KBench + "/build-loader"}, S.Work, "build-loader", 600);
  S.Loader = StringRef(L.Out).trim().rsplit('\n').second.str();
  if (S.Loader.empty())
    S.Loader = StringRef(L.Out).trim().str();
  if (L.Status != 0 || !sys::fs::can_execute(S.Loader)) {
    errs() << L.Err;
    return createStringError(
        inconvertibleErrorCode(),
        "building the guest loader (scripts/kbench/build-loader) failed");
  }
  return Error::success();
}

namespace {

/// Fills K.Version and K.Image for Spec: a vmlinuz path names its release
/// (vmlinuz-<release>, or its directory for "vmlinuz"); anything else is
/// resolved and fetched by fetch-kernel. False: not available (K.Error).
bool obtainKernel(const GuestSetup &S, StringRef Spec, StringRef Dir,
                  KernelResult &K, raw_ostream &Log) {
  if (looksLikePath(Spec)) {
    K.Image = Spec.str();
    K.Version = sys::path::filename(Spec).str();
    // A vmlinuz-<release> file names its release; "vmlinuz" its directory.
    StringRef F = sys::path::filename(Spec);
    if (F == "vmlinuz")
      K.Version = sys::path::filename(sys::path::parent_path(Spec)).str();
    else if (compat::startsWith(F, "vmlinuz-"))
      K.Version = F.drop_front(8).str();
    return true;
  }
  Log << "fetching... ";
  Log.flush();
  RunResult R = run({S.KBench + "/fetch-kernel", "--resolve", Spec.str()}, Dir,
                    "resolve", 900);
  std::string V = StringRef(R.Out).trim().str();
  RunResult F;
  if (R.Status == 0 && !V.empty())
    F = run({S.KBench + "/fetch-kernel", V}, Dir, "fetch", 900);
  if (R.Status != 0 || V.empty() || F.Status != 0) {
    std::string E = R.Status != 0 || V.empty() ? R.Err : F.Err;
    std::vector<std::string> EL = lines(E);
    K.Status = KernelResult::FetchFailed;
    K.Error = EL.empty() ? "fetch-kernel failed" : EL.back();
    Log << "NOT AVAILABLE (" << K.Error << ")\n";
    return false;
  }
  K.Version = V;
  K.Image = StringRef(F.Out).trim().rsplit('\n').second.str();
  if (K.Image.empty())
    K.Image = StringRef(F.Out).trim().str();
  return true;
}

} // namespace

KernelResult runKernel(GuestSetup &S, StringRef Spec, unsigned Index,
                       unsigned Count, ArrayRef<std::string> Objects,
                       raw_ostream &Log) {
  KernelResult K;
  K.Spec = Spec.str();
  Log << formatv("matrix: [{0}/{1}] {2}: ", Index, Count, Spec);
  Log.flush();
  std::string Dir = formatv("{0}/k{1}", S.Work, Index).str();
  sys::fs::create_directories(Dir);
  if (!obtainKernel(S, Spec, Dir, K, Log))
    return K;

  // Objects and guest script.
  for (size_t J = 0; J < Objects.size(); ++J)
    sys::fs::copy_file(Objects[J], formatv("{0}/o{1}.o", Dir, J).str());
  {
    std::error_code EC;
    raw_fd_ostream OS(Dir + "/guest.sh", EC);
    OS << guestScript(Objects.size());
  }
  std::string Try = S.KvmFellBack ? "tcg" : S.Accel;
  Log << "booting (" << Try << ")... ";
  Log.flush();
  auto T0 = std::chrono::steady_clock::now();
  RunResult G = run({S.KBench + "/run-guest", K.Image, Dir}, Dir, "run-guest",
                    2 * S.Timeout + 60,
                    {"HG_LOADER=" + S.Loader, "HG_GUEST_ACCEL=" + Try,
                     "HG_GUEST_TIMEOUT=" + std::to_string(S.Timeout),
                     "HG_QEMU=" + S.Qemu});
  K.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - T0)
          .count();
  K.Accel = Try;
  if (StringRef(G.Err).contains("falling back to TCG")) {
    K.Accel = "tcg (KVM failed)";
    if (!S.KvmFellBack.exchange(true)) {
      Log << "KVM did not finish the boot, TCG from now on... ";
      sys::fs::create_directories(cacheDir());
      std::error_code EC;
      raw_fd_ostream(S.KvmMark, EC)
          << "KVM boot failed for " << K.Image << "\n";
    }
  }
  parseResults(K, readFile(Dir + "/results.log"));
  std::vector<std::string> Console = lines(readFile(Dir + "/console.log"));
  if (G.Status < 0 || G.Status >= 2) {
    K.Status = KernelResult::BootFailed;
    std::vector<std::string> EL = lines(G.Err);
    K.Error = G.Status == -2   ? "no answer from run-guest (killed)"
              : G.Status == -1 ? "cannot run run-guest: " + G.Err
                               : "guest did not finish";
    for (const std::string &E : EL)
      for (StringRef Tag : {"FAIL: ", "error: "})
        if (size_t At = StringRef(E).find(Tag); At != StringRef::npos)
          K.Error = StringRef(E).substr(At + Tag.size()).str();
    K.ConsoleTail = tail(Console, 15);
    Log << "FAILED (" << K.Error << ")\n";
  } else {
    Log << formatv("done in {0:f1} s, {1} programs, uname -r {2}\n", K.Seconds,
                   K.Progs.size(), K.Release);
  }
  return K;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
