//===- HelperDB.h - Per-kernel BPF helper semantics -------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// What each BPF helper really does with its memory arguments, what each
// kernel's prototype declares about them, and which verifier regime each
// kernel runs. The pass plugin, the Clang plugin and the helperguard tool all
// ask this one library. Data format: helper-db/FORMAT.md.
//
// Verifier regimes (how a helper call changes what the verifier knows about
// a stack buffer passed to it):
//   ClobberAll     before 6.14: every helper stack argument is clobbered.
//   MemWriteOnly   from upstream 37cce22dbd51 (6.14): only arguments whose
//                  prototype declares MEM_WRITE (or uninit memory) are
//                  clobbered; others keep the verifier's old knowledge.
//   FlagsEnforced  after the prototype fixes (6.19, stable backports): as
//                  MemWriteOnly, and prototypes without MEM_RDONLY/MEM_WRITE
//                  are rejected at load time.
// A (helper, program type, argument) is *stale* on kernel K when the helper
// writes the argument, K's regime is not ClobberAll, and K's prototype does
// not declare the write: the verifier keeps believing the old bytes.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_HELPERDB_H
#define HELPERGUARD_HELPERDB_H

#include "helperguard/KernelVersion.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace helperguard {

enum class Regime { ClobberAll, MemWriteOnly, FlagsEnforced };
llvm::StringRef regimeName(Regime R); // "clobber-all", "mem-write-only", ...
/// The regime named Name ("clobber-all", ...), or std::nullopt.
std::optional<Regime> regimeFromName(llvm::StringRef Name);

/// Whether a prototype's flags ("ARG_PTR_TO_MEM | MEM_WRITE") declare that
/// the helper writes the argument: MEM_WRITE, MEM_UNINIT,
/// ARG_PTR_TO_UNINIT_MEM or ARG_PTR_TO_UNINIT_MAP_VALUE.
bool flagsDeclareWrite(llvm::StringRef Flags);

/// Whether a prototype's flags name memory the verifier does not interpret:
/// ARG_PTR_TO_MEM, ARG_PTR_TO_UNINIT_MEM or ARG_PTR_TO_FIXED_SIZE_MEM, with
/// or without _OR_NULL and modifiers (not a map value, a socket, ...).
bool flagsArePlainMemory(llvm::StringRef Flags);

/// The last helper of enum bpf_func_id (BPF_FUNC_cgrp_storage_delete, 6.2).
/// Upstream froze the list there ("add a kfunc instead").
inline constexpr unsigned LastUpstreamHelperId = 211;

/// The helper id libbpf's bpf_core_unreachable() calls, and the id libbpf
/// writes into a call whose CO-RE relocation failed: invalid on purpose, in
/// code the program never reaches (the verifier rejects it if it does).
inline constexpr unsigned LibbpfPoisonHelperId = 0xbad2310;

/// Where a fact came from: a source tree, a kernel image, a probe run, a
/// commit, a document. Free text plus the date it was established.
struct Provenance {
  std::string Source;
  std::string Date; // ISO 8601, may be empty
};

/// What one kernel range's prototype declares for an argument.
struct DeclaredArg {
  KernelRange Kernels;
  std::string Flags; // "ARG_PTR_TO_MEM|MEM_RDONLY", as the kernel spells it
  bool DeclaresWrite = false; // MEM_WRITE, MEM_UNINIT or ARG_PTR_TO_UNINIT_MEM
  Provenance Source;
};

/// A memory argument of a helper prototype.
struct MemArg {
  unsigned ArgNo = 0;                // 1-based, as the kernel's argN_type
  std::optional<unsigned> SizeArgNo; // 1-based argument holding the size
  std::optional<uint64_t> FixedSize; // or a size fixed by the prototype
  bool Reads = false;                // the helper reads the buffer
  bool Writes = false;               // the helper writes the buffer
  bool MayWriteLess = false;         // may write fewer bytes than the size
  Provenance EffectSource;           // where Reads/Writes come from
  std::vector<DeclaredArg> Declared; // by kernel range

  /// The entry whose range holds V, or null (then the kernel is taken not to
  /// declare the write).
  const DeclaredArg *declaredFor(const KernelVersion &V) const;
  /// The kernels whose prototype declares the write.
  KernelSet declaredWriteKernels() const;
};

/// One prototype (struct bpf_func_proto) of a helper, and the program types
/// whose *_func_proto() returns it.
struct Prototype {
  std::string Name;                   // "bpf_get_stack_proto_raw_tp"
  std::vector<std::string> ProgTypes; // "xdp", "sched_cls"...; "*" = any
  std::vector<MemArg> Args;

  /// Whether ProgTypes names T explicitly (not through "*").
  bool namesProgType(llvm::StringRef T) const;
  bool anyProgType() const; // ProgTypes holds "*"
  const MemArg *arg(unsigned ArgNo) const;
};

/// Kernels on which a helper is offered to some program types (FORMAT.md,
/// "Availability"). Outside the database's availability coverage nothing
/// is known; inside it, a program type no entry names is not offered it.
struct AvailableRange {
  KernelRange Kernels;
  std::vector<std::string> ProgTypes;
};

/// Which kernels the availability facts describe, and where they come from.
struct AvailabilityCoverage {
  KernelRange Kernels;
  Provenance Source;
  /// Program type -> the kernels that have it; a kernel without the program
  /// type refuses the program, not the helper. When not empty, a program
  /// type missing here is not judged (struct_ops, ext).
  std::map<std::string, KernelRange> ProgTypes;
};

struct Helper {
  unsigned Id = 0;  // enum bpf_func_id
  std::string Name; // "bpf_get_stack"
  std::vector<Prototype> Protos;
  /// The first measured kernel whose enum bpf_func_id has this id; kernels
  /// of the coverage below it do not have the helper. Unset: not measured.
  std::optional<KernelVersion> Since;
  std::vector<AvailableRange> Available; // empty: not measured

  /// The prototype a program of type T gets: the one naming T, else the one
  /// with "*", else null (the helper is not available to T).
  const Prototype *protoFor(llvm::StringRef ProgType) const;
  const Prototype *proto(llvm::StringRef ProtoName) const;
};

/// Kernels on which the verifier was measured to forget a kfunc's memory
/// argument after the call (what it knew of the bytes is gone).
struct ForgottenRange {
  KernelRange Kernels;
  Provenance Source;
};

/// A memory argument of a kfunc (the `buf, buf__sz` pairs of kernel BTF).
struct KfuncArg {
  unsigned ArgNo = 0;                // 1-based
  std::optional<unsigned> SizeArgNo; // 1-based argument holding the size
  std::optional<uint64_t> FixedSize; // or a fixed size
  bool Reads = false;
  bool Writes = false;
  Provenance EffectSource;
  std::vector<ForgottenRange> Forgotten;

  KernelSet forgottenKernels() const;
};

/// A kfunc, by the name it has in kernel BTF and in the program
/// (`extern ... __ksym`).
struct Kfunc {
  std::string Name; // "bpf_path_d_path"
  std::vector<KfuncArg> Args;
  /// The measured kernels that have it (FORMAT.md, "Kfunc"); empty: its
  /// availability was not measured, and no kernel is said to lack it.
  std::vector<ForgottenRange> Available;

  const KfuncArg *arg(unsigned ArgNo) const;
};

/// What the behavioural probe saw for one (helper or kfunc, program type,
/// memory argument) on a kernel build (FORMAT.md, "Release").
enum class ProbeOutcome { Kept, Forgot, NotLoadable, Skipped, Error, Absent };
llvm::StringRef probeOutcomeName(ProbeOutcome O); // "kept", "not-loadable"...
std::optional<ProbeOutcome> probeOutcomeFromName(llvm::StringRef Name);

struct ProbeResult {
  bool IsKfunc = false;
  unsigned Id = 0;        // helper id; 0 for a kfunc
  std::string Name;       // "bpf_snprintf", or the kfunc's BTF name
  std::string ProgType;   // "xdp"
  std::string ExpectedAttachType, AttachTo; // may be empty
  bool Sleepable = false;
  unsigned ArgNo = 0;     // 1-based
  std::optional<uint64_t> Size;
  std::optional<bool> Writes; // the plan's view, informative
  ProbeOutcome Outcome = ProbeOutcome::Skipped;
  std::string Detail;
};

/// A kernel build named by `uname -r`, and what was measured on it. Its
/// version number is not evidence of what its verifier does; this is.
struct KernelRelease {
  std::string Release;                 // "6.12.0-55.el10.x86_64", "6.17.13+deb13"
  std::optional<KernelVersion> Kernel; // the upstream facts it was measured to have
  std::string UnameV, Machine, BtfSha256;
  Provenance Source;
  std::vector<ProbeResult> Results; // empty: the facts of Kernel

  /// Whether the `uname -r` string R names this build: R is Release, or
  /// starts with Release followed by '-' (a flavour: "-amd64").
  bool matches(llvm::StringRef R) const;
};

/// A kernel selection as the user wrote it, resolved against the database.
struct KernelSelection {
  KernelSet Kernels; ///< what to protect
  /// Elements naming a build the database has no measurement of
  /// ("6.12.0-55.el10.x86_64"): guarded as every kernel is (Kernels holds
  /// `all`), and worth telling the user once.
  std::vector<std::string> Unmeasured;
};

/// What every tool says of selection elements naming builds no measurement
/// covers (KernelSelection::Unmeasured): guarded as every kernel, and how to
/// measure them; DbFlag is how the tool takes a database file
/// ("-bpf-helperguard-db=FILE", "--db FILE").
std::string unmeasuredReleasesMessage(const std::vector<std::string> &Releases,
                                      llvm::StringRef DbFlag);

struct RegimeRange {
  KernelRange Kernels;
  Regime Kind = Regime::ClobberAll;
  Provenance Source;
};

/// The answer to "does the verifier keep stale knowledge of this argument?"
struct StaleArg {
  unsigned ArgNo = 0;                // 1-based
  std::optional<unsigned> SizeArgNo; // 1-based
  std::optional<uint64_t> FixedSize;
  bool MayWriteLess = false;
  std::string Proto;                  // prototype name
  std::vector<std::string> ProgTypes; // the asked program types it applies to
  KernelSet Kernels;                  // affected kernels within the selection
};

/// Where a database gets helpers it has not built yet: the tables compiled
/// into the binary (BuiltinDB.cpp). The pass asks about the few helper ids a
/// module calls, so the database builds those at their first query, and
/// every helper only when something walks them all (helpers(), merge()).
class HelperSource {
public:
  virtual ~HelperSource() = default;
  virtual size_t size() const = 0;
  /// Ids in ascending order, I < size().
  virtual unsigned id(size_t I) const = 0;
  virtual llvm::StringRef name(size_t I) const = 0;
  virtual Helper build(size_t I) const = 0;
};

class HelperDB {
public:
  /// The database compiled into the binary (helper-db/data).
  static const HelperDB &builtin();

  /// Parses a database text. Name is used in error messages
  /// ("<Name>:<line>:<col>: ..."). Errors are fatal to the load: malformed
  /// JSON, unknown keys, bad kernel ranges, bad flags, conflicting facts.
  static llvm::Expected<HelperDB> parse(llvm::StringRef Text,
                                        llvm::StringRef Name);
  static llvm::Expected<HelperDB> loadFile(llvm::StringRef Path);

  /// Adds Other's facts; a helper/prototype/argument/kernel range present in
  /// both is replaced by Other's.
  void merge(const HelperDB &Other);

  /// Adds H, replacing wholesale any helper with the same id.
  void addHelper(Helper H);
  /// Adds K, replacing wholesale any kfunc with the same name.
  void addKfunc(Kfunc K);
  /// Adds R; the kernels of R are cut out of any regime entry already there.
  void addRegime(RegimeRange R);
  /// Adds R, replacing wholesale any release with the same name.
  void addRelease(KernelRelease R);
  /// Sets the kernels the availability facts describe (Availability.h).
  void setAvailabilityCoverage(AvailabilityCoverage C) { Coverage = C; }
  const std::optional<AvailabilityCoverage> &availabilityCoverage() const {
    return Coverage;
  }

  const Helper *helper(unsigned Id) const;
  /// Whether Id is a helper newer than this database can describe: above
  /// both LastUpstreamHelperId and the highest id it holds, and not
  /// libbpf's poison id.
  bool isNewerHelper(unsigned Id) const;
  const Helper *helper(llvm::StringRef Name) const; // with or without "bpf_"
  /// Every helper (builds those a HelperSource still holds).
  const std::map<unsigned, Helper> &helpers() const;
  const std::vector<RegimeRange> &regimes() const { return Regimes; }
  const std::vector<KernelRelease> &releases() const { return Releases; }
  /// The release that names the `uname -r` string R (the longest match;
  /// KernelRelease::matches), or null.
  const KernelRelease *release(llvm::StringRef R) const;

  /// Resolves a kernel selection (FORMAT.md, "Matching a selection
  /// element"): "all", versions and ranges as KernelSet::parse reads them;
  /// an element with a letter, '+' or '~' is a release: one the database
  /// measured with probe results joins Kernels as a release, one it knows
  /// to have an upstream version's facts joins as that version, and any
  /// other is guarded as every kernel and listed in Unmeasured.
  llvm::Expected<KernelSelection> selectKernels(llvm::StringRef S) const;
  const Kfunc *kfunc(llvm::StringRef Name) const;
  const std::map<std::string, Kfunc, std::less<>> &kfuncs() const {
    return Kfuncs;
  }

  /// Argument ArgNo of kfunc Name if the verifier forgets it after the call
  /// on every kernel of Targets and the kfunc writes it; else null.
  const KfuncArg *kfuncArgForgotten(llvm::StringRef Name, unsigned ArgNo,
                                    const KernelSet &Targets) const;

  /// The regime of kernel V; ClobberAll where the database does not say.
  Regime regime(const KernelVersion &V) const;

  /// Every kernel the database knows to be affected by any stale argument.
  KernelSet affectedKernels() const;

  /// The kernels whose regime is R (for ClobberAll: also every kernel no
  /// regime entry covers).
  KernelSet regimeKernels(Regime R) const;

  /// The kernels on which the verifier keeps stale knowledge of A: A is
  /// written, the regime is not ClobberAll, and the prototype does not
  /// declare the write.
  KernelSet staleKernels(const MemArg &A) const;

  /// Whether the release named R (a release of Targets) keeps stale
  /// knowledge of argument A of helper H called from a program of one of
  /// Types (empty: any): a probe result says `kept`, or none says what
  /// happens and the database knows A stale on some kernel.
  bool staleOnRelease(llvm::StringRef R, const Helper &H,
                      const std::vector<std::string> &Types,
                      const MemArg &A) const;

  /// The kernels of Targets on which kfunc Name's argument ArgNo is not
  /// measured forgotten after the call (a release counts as forgotten when
  /// every probe result for it says `forgot` or `absent`).
  KernelSet kfuncStaleKernels(llvm::StringRef Name, unsigned ArgNo,
                              const KernelSet &Targets) const;

  /// For helper Id called from a program of one of ProgTypes (names as in
  /// ProgramType.h; empty or containing "*" means "any program type"), the
  /// memory arguments that are stale on some kernel of Targets. Arguments
  /// stale on no kernel of Targets are not returned. An unknown helper id
  /// returns std::nullopt.
  std::optional<std::vector<StaleArg>>
  staleArgs(unsigned Id, const std::vector<std::string> &ProgTypes,
            const KernelSet &Targets) const;

  /// Helpers that are not in the database yet are built from S on demand.
  /// S must outlive the database and its copies.
  void setHelperSource(const HelperSource *S) {
    Source = S;
    Lazy = S != nullptr;
  }

private:
  /// Builds the source's helper Id (if it has one and it is not built yet);
  /// the helper, or null.
  const Helper *buildFromSource(unsigned Id) const;
  /// Builds every helper the source holds and forgets the source.
  void buildAll() const;

  mutable std::map<unsigned, Helper> Helpers;
  mutable const HelperSource *Source = nullptr;
  bool Lazy = false; ///< had a source: lookups lock (HelperDB.cpp)
  std::vector<RegimeRange> Regimes;
  std::map<std::string, Kfunc, std::less<>> Kfuncs;
  std::vector<KernelRelease> Releases; // sorted by name
  std::optional<AvailabilityCoverage> Coverage;
};

} // namespace helperguard

#endif // HELPERGUARD_HELPERDB_H
