//===- BuiltinDBTest.cpp - The compiled-in database against FACTS.md ------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The kernels measured on 2026-11-21 (Debian packages under QEMU): the seven
// affected (helper, program type) pairs are stale on 6.16.3, 6.17.13 and
// 6.18.5 (bpf_d_path excepted there), and on none of 6.1, 6.12.107, 6.18.15,
// 6.18.44, 6.19.6, 7.0.4. Availability from 5.10.262 (2026-12-07).
//
//===----------------------------------------------------------------------===//

#include "helperguard/Availability.h"
#include "helperguard/EmitBuiltin.h"
#include "helperguard/HelperDB.h"
#include "helperguard/KfuncAvailability.h"
#include "helperguard/ProgramType.h"
#include "helperguard/ReadOnlyArgs.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace helperguard;

namespace {

KernelSet set(llvm::StringRef S) {
  llvm::Expected<KernelSet> K = KernelSet::parse(S);
  EXPECT_TRUE(bool(K));
  if (!K) {
    llvm::consumeError(K.takeError());
    return {};
  }
  return *K;
}

struct Pair {
  const char *Helper;
  const char *ProgType;
  unsigned ArgNo;
  unsigned SizeArgNo;
  const char *Proto;
};

const Pair Affected[] = {
    {"bpf_snprintf", "xdp", 1, 2, "bpf_snprintf_proto"},
    {"bpf_snprintf", "sched_cls", 1, 2, "bpf_snprintf_proto"},
    {"bpf_snprintf", "kprobe", 1, 2, "bpf_snprintf_proto"},
    {"bpf_fib_lookup", "xdp", 2, 3, "bpf_xdp_fib_lookup_proto"},
    {"bpf_fib_lookup", "sched_cls", 2, 3, "bpf_skb_fib_lookup_proto"},
    {"bpf_get_stack", "raw_tracepoint", 2, 3, "bpf_get_stack_proto_raw_tp"},
    {"bpf_snprintf_btf", "kprobe", 1, 2, "bpf_snprintf_btf_proto"},
    {"bpf_read_branch_records", "perf_event", 2, 3,
     "bpf_read_branch_records_proto"},
    {"bpf_d_path", "lsm", 2, 3, "bpf_d_path_proto"},
    {"bpf_d_path", "tracing", 2, 3, "bpf_d_path_proto"},
};

const Helper &helper(llvm::StringRef Name) {
  const Helper *H = HelperDB::builtin().helper(Name);
  EXPECT_NE(nullptr, H) << Name.str();
  static const Helper None;
  return H ? *H : None;
}

TEST(BuiltinDB, Loads) {
  const HelperDB &DB = HelperDB::builtin();
  EXPECT_EQ(&DB, &HelperDB::builtin());
  // Every helper of enum bpf_func_id (helper-db/data/extracted.json).
  EXPECT_EQ(211u, DB.helpers().size());
  EXPECT_EQ("6.14-6.18.14", DB.affectedKernels().str());
  EXPECT_EQ(Regime::ClobberAll, DB.regime({6, 12, 107}));
  EXPECT_EQ(Regime::MemWriteOnly, DB.regime({6, 17, 13}));
  EXPECT_EQ(Regime::MemWriteOnly, DB.regime({6, 18, 43}));
  EXPECT_EQ(Regime::FlagsEnforced, DB.regime({6, 18, 44}));
  EXPECT_EQ(Regime::FlagsEnforced, DB.regime({6, 19, 6}));
  // Every fact has a source.
  for (const RegimeRange &R : DB.regimes())
    EXPECT_FALSE(R.Source.Source.empty());
  for (const auto &[Id, H] : DB.helpers())
    for (const Prototype &P : H.Protos)
      for (const MemArg &A : P.Args) {
        EXPECT_FALSE(A.EffectSource.Source.empty()) << H.Name;
        EXPECT_FALSE(A.Declared.empty()) << H.Name;
        for (const DeclaredArg &D : A.Declared)
          EXPECT_FALSE(D.Source.Source.empty()) << H.Name;
      }
}

TEST(BuiltinDB, HelperIds) {
  // enum bpf_func_id (include/uapi/linux/bpf.h).
  const std::pair<unsigned, const char *> Ids[] = {
      {4, "bpf_probe_read"},
      {16, "bpf_get_current_comm"},
      {67, "bpf_get_stack"},
      {69, "bpf_fib_lookup"},
      {112, "bpf_probe_read_user"},
      {113, "bpf_probe_read_kernel"},
      {114, "bpf_probe_read_user_str"},
      {115, "bpf_probe_read_kernel_str"},
      {119, "bpf_read_branch_records"},
      {147, "bpf_d_path"},
      {149, "bpf_snprintf_btf"},
      {165, "bpf_snprintf"},
      {204, "bpf_tcp_raw_gen_syncookie_ipv4"},
      {205, "bpf_tcp_raw_gen_syncookie_ipv6"},
  };
  for (const auto &[Id, Name] : Ids) {
    const Helper *H = HelperDB::builtin().helper(Id);
    ASSERT_NE(nullptr, H) << Id;
    EXPECT_EQ(Name, H->Name);
  }
}

TEST(BuiltinDB, EveryHelperIdFrom1To211) {
  const HelperDB &DB = HelperDB::builtin();
  for (unsigned Id = 1; Id <= 211; ++Id)
    EXPECT_NE(nullptr, DB.helper(Id)) << Id;
  EXPECT_EQ("bpf_map_lookup_elem", helper("bpf_map_lookup_elem").Name);
  EXPECT_EQ(1u, helper("bpf_map_lookup_elem").Id);
  EXPECT_EQ(101u, helper("bpf_sysctl_get_name").Id);
  EXPECT_EQ(211u, helper("bpf_cgrp_storage_delete").Id);
}

/// The helpers with a stale argument in some program type on kernel K.
std::vector<std::string> staleHelpers(const char *K) {
  std::vector<std::string> Out;
  for (const auto &[Id, H] : HelperDB::builtin().helpers()) {
    auto S = HelperDB::builtin().staleArgs(Id, {}, set(K));
    if (S && !S->empty())
      Out.push_back(H.Name);
  }
  return Out;
}

TEST(BuiltinDB, OnlyTheSevenArgumentsAreStaleOnAnyMeasuredKernel) {
  // All 211 helpers, every program type: the running kernels' prototypes
  // (helper-db/extracted/running-*.json) and the behavioural probe agree
  // that only the seven affected prototypes leave a written buffer stale.
  const std::vector<std::string> Seven = {
      "bpf_get_stack",   "bpf_fib_lookup",   "bpf_read_branch_records",
      "bpf_d_path",      "bpf_snprintf_btf", "bpf_snprintf"};
  for (const char *K : {"6.16.3", "6.16.12", "6.17.8", "6.17.13"})
    EXPECT_EQ(Seven, staleHelpers(K)) << K;
  // bpf_d_path was fixed by 6.18.5, the rest by 6.18.15.
  std::vector<std::string> Six = Seven;
  Six.erase(std::remove(Six.begin(), Six.end(), "bpf_d_path"), Six.end());
  for (const char *K : {"6.18.5", "6.18.9", "6.18.12"})
    EXPECT_EQ(Six, staleHelpers(K)) << K;
  for (const char *K : {"6.1.192", "6.12.117", "6.18.15", "6.19.6", "7.0.13",
                        "7.2.12", "7.3.4"})
    EXPECT_TRUE(staleHelpers(K).empty()) << K;
}

TEST(BuiltinDB, SysctlGetNameStaleWhereNotMeasured) {
  // Plain ARG_PTR_TO_MEM on 6.12.117, MEM_WRITE from 6.16.3 (running
  // kernels); 6.14 and 6.15 are not in Debian's archive any more, so the
  // kernels between count as stale. Upstream: "bpf: Specify access type of
  // bpf_sysctl_get_name args" (2025-06) fixed exactly this hazard.
  auto Stale = [](const char *K) {
    return !HelperDB::builtin()
                .staleArgs(helper("bpf_sysctl_get_name").Id, {"cgroup_sysctl"},
                           set(K))
                ->empty();
  };
  EXPECT_FALSE(Stale("6.12.117"));
  EXPECT_FALSE(Stale("6.13"));
  EXPECT_TRUE(Stale("6.14"));
  EXPECT_TRUE(Stale("6.15"));
  EXPECT_TRUE(Stale("6.16.2"));
  EXPECT_FALSE(Stale("6.16.3"));
  EXPECT_FALSE(Stale("6.19.6"));
}

TEST(BuiltinDB, AffectedPairsOnAffectedKernels) {
  for (const char *K : {"6.16.3", "6.17.13", "6.18.5", "6.18.12", "6.14",
                        "6.18.4"})
    for (const Pair &P : Affected) {
      // Measured: 6.18.y had the bpf_d_path fix by 6.18.5.
      if (std::string(P.Helper) == "bpf_d_path" &&
          !set("-6.18.4").contains(*KernelVersion::parse(K)))
        continue;
      auto S = HelperDB::builtin().staleArgs(helper(P.Helper).Id, {P.ProgType},
                                             set(K));
      ASSERT_TRUE(S.has_value());
      ASSERT_EQ(1u, S->size()) << P.Helper << " " << P.ProgType << " " << K;
      const StaleArg &A = S->front();
      EXPECT_EQ(P.ArgNo, A.ArgNo) << P.Helper;
      EXPECT_EQ(P.SizeArgNo, A.SizeArgNo.value_or(0)) << P.Helper;
      EXPECT_EQ(P.Proto, A.Proto) << P.Helper;
      EXPECT_EQ(std::vector<std::string>{P.ProgType}, A.ProgTypes);
      EXPECT_EQ(set(K).str(), A.Kernels.str());
    }
}

TEST(BuiltinDB, StableFixPointsMeasuredOnDebian618) {
  // test/kernel/expectations.list: bpf_d_path fixed by 6.18.5, bpf_snprintf
  // and the rest of the series by 6.18.15 (helperguard matrix).
  auto Stale = [](const char *Helper, const char *Type, const char *K) {
    return !HelperDB::builtin()
                .staleArgs(helper(Helper).Id, {Type}, set(K))
                ->empty();
  };
  EXPECT_TRUE(Stale("bpf_d_path", "lsm", "6.18.4"));
  EXPECT_FALSE(Stale("bpf_d_path", "lsm", "6.18.5"));
  EXPECT_TRUE(Stale("bpf_snprintf", "xdp", "6.18.14"));
  EXPECT_FALSE(Stale("bpf_snprintf", "xdp", "6.18.15"));
  EXPECT_TRUE(Stale("bpf_fib_lookup", "xdp", "6.18.14"));
  EXPECT_FALSE(Stale("bpf_fib_lookup", "xdp", "6.18.15"));
  EXPECT_TRUE(Stale("bpf_get_stack", "raw_tracepoint", "6.18.12"));
  EXPECT_FALSE(Stale("bpf_get_stack", "raw_tracepoint", "6.18.15"));
}

TEST(BuiltinDB, NoHazardOnUnaffectedKernels) {
  for (const char *K :
       {"6.1", "6.1.0", "6.12.107", "6.13", "6.18.15", "6.18.44", "6.19.6",
        "7.0.4"})
    for (const Pair &P : Affected) {
      auto S = HelperDB::builtin().staleArgs(helper(P.Helper).Id, {P.ProgType},
                                             set(K));
      ASSERT_TRUE(S.has_value());
      EXPECT_TRUE(S->empty()) << P.Helper << " " << P.ProgType << " " << K;
    }
}

TEST(BuiltinDB, GetStackDependsOnProgType) {
  const HelperDB &DB = HelperDB::builtin();
  KernelSet K = set("6.17.13");
  for (const char *T :
       {"raw_tracepoint", "raw_tracepoint_writable", "tracing", "lsm"})
    EXPECT_EQ(1u, DB.staleArgs(67, {T}, K)->size()) << T;
  for (const char *T : {"kprobe", "tracepoint", "perf_event"})
    EXPECT_TRUE(DB.staleArgs(67, {T}, K)->empty()) << T;
  // Not offered to xdp at all.
  EXPECT_TRUE(DB.staleArgs(67, {"xdp"}, K)->empty());
  EXPECT_EQ(nullptr, helper("bpf_get_stack").protoFor("xdp"));
  EXPECT_EQ("bpf_get_stack_proto",
            helper("bpf_get_stack").protoFor("kprobe")->Name);
}

TEST(BuiltinDB, NeverStale) {
  for (const char *Name :
       {"bpf_probe_read_kernel", "bpf_probe_read_kernel_str",
        "bpf_probe_read_user", "bpf_probe_read_user_str",
        "bpf_get_current_comm", "bpf_probe_read",
        "bpf_tcp_raw_gen_syncookie_ipv4", "bpf_tcp_raw_gen_syncookie_ipv6"}) {
    auto S =
        HelperDB::builtin().staleArgs(helper(Name).Id, {}, KernelSet::all());
    ASSERT_TRUE(S.has_value()) << Name;
    EXPECT_TRUE(S->empty()) << Name;
  }
}

TEST(BuiltinDB, SyncookieFlagsRecorded) {
  const Helper &H = helper("bpf_tcp_raw_gen_syncookie_ipv6");
  ASSERT_EQ(1u, H.Protos.size());
  const MemArg *A1 = H.Protos[0].arg(1);
  ASSERT_NE(nullptr, A1);
  EXPECT_EQ(40u, A1->FixedSize.value_or(0));
  EXPECT_FALSE(A1->Writes);
  // As the running kernels spell them (BTF and kcore): MEM_RDONLY from the
  // stable backport of upstream 802eef5afb18, measured from 6.18.15 on.
  EXPECT_EQ("ARG_PTR_TO_MEM|MEM_FIXED_SIZE",
            A1->declaredFor({6, 18, 12})->Flags);
  EXPECT_EQ("ARG_PTR_TO_MEM|MEM_FIXED_SIZE|MEM_RDONLY",
            A1->declaredFor({6, 18, 15})->Flags);
  EXPECT_EQ("ARG_PTR_TO_MEM|MEM_FIXED_SIZE|MEM_RDONLY",
            A1->declaredFor({6, 19, 6})->Flags);
}

TEST(BuiltinDB, ReadOnlyMemoryRefusedWithoutMemRdonly) {
  const HelperDB &DB = HelperDB::builtin();
  const Helper &H = helper("bpf_tcp_raw_gen_syncookie_ipv4");
  KernelSet All = KernelSet::all();
  // MEM_RDONLY registers exist from 5.17; the argument takes them from
  // 6.18.15 on.
  EXPECT_EQ("5.17-6.18.12",
            readOnlyRefusedKernels(DB, H, {"xdp"}, 1, ReadOnlyMemory::RdonlyMem,
                                   All)
                .str());
  // Only read: a read-only map value loads everywhere.
  EXPECT_TRUE(readOnlyRefusedKernels(DB, H, {"xdp"}, 1,
                                     ReadOnlyMemory::RdonlyMap, All)
                  .empty());
  // Written: refused where the prototype declares the write.
  const Helper &S = helper("bpf_snprintf");
  EXPECT_EQ("6.18.15-", readOnlyRefusedKernels(DB, S, {"xdp"}, 1,
                                               ReadOnlyMemory::RdonlyMap, All)
                            .str());
  // Not a memory argument of the prototype: not judged.
  EXPECT_TRUE(readOnlyRefusedKernels(DB, H, {"xdp"}, 3,
                                     ReadOnlyMemory::RdonlyMem, All)
                  .empty());
}

TEST(BuiltinDB, ProgTypesAreKnown) {
  for (const auto &[Id, H] : HelperDB::builtin().helpers())
    for (const Prototype &P : H.Protos)
      for (const std::string &T : P.ProgTypes)
        EXPECT_TRUE(T == "*" || llvm::is_contained(knownProgTypes(), T))
            << H.Name << " " << T;
}

} // namespace

TEST(BuiltinDB, CompiledTablesEqualTheJsonFiles) {
  // The build compiles helper-db/data/*.json to C++; parsing them here must
  // give the same database, fact for fact (compared through the emitter).
  std::error_code EC;
  std::vector<std::string> Files;
  for (llvm::sys::fs::directory_iterator It(HELPERGUARD_DB_DIR, EC), End;
       It != End && !EC; It.increment(EC))
    if (helperguard::compat::endsWith(It->path(), ".json"))
      Files.push_back(It->path());
  ASSERT_FALSE(EC) << EC.message();
  ASSERT_FALSE(Files.empty());
  std::sort(Files.begin(), Files.end());
  HelperDB Parsed;
  for (const std::string &F : Files) {
    llvm::Expected<HelperDB> Part = HelperDB::loadFile(F);
    ASSERT_TRUE(bool(Part)) << llvm::toString(Part.takeError());
    Parsed.merge(*Part);
  }
  std::string FromJson, Builtin;
  llvm::raw_string_ostream A(FromJson), B(Builtin);
  emitBuiltinCpp(Parsed, A);
  emitBuiltinCpp(HelperDB::builtin(), B);
  EXPECT_EQ(FromJson, Builtin);
}

// Availability starts at Debian 11's 5.10.262, the oldest measured kernel: a
// helper added after it (bpf_snprintf, 5.13) is missing on 5.10-6.0, one
// 5.10 has (bpf_snprintf_btf) is offered to xdp there, and a helper 5.10 has
// but not for xdp (bpf_get_current_pid_tgid) is refused there as on 6.1.
TEST(BuiltinDB, AvailabilityFrom510) {
  const HelperDB &DB = HelperDB::builtin();
  EXPECT_EQ("5.10-", availabilityTargets(DB, KernelSet::all()).str());
  EXPECT_EQ("5.10-6.0", missingHelperKernels(DB, helper("bpf_snprintf")).str());
  EXPECT_TRUE(missingHelperKernels(DB, helper("bpf_snprintf_btf")).empty());
  KernelVersion V510{5, 10, 262};
  EXPECT_TRUE(
      availableKernels(helper("bpf_snprintf_btf"), "xdp").contains(V510));
  EXPECT_FALSE(availableKernels(helper("bpf_snprintf"), "xdp").contains(V510));
  std::vector<AvailabilityProblem> P = availabilityProblems(
      DB, helper("bpf_get_current_pid_tgid"), {"xdp"}, KernelSet::all());
  ASSERT_EQ(1u, P.size());
  EXPECT_EQ(AvailabilityProblemKind::NotForProgType, P[0].Kind);
  EXPECT_EQ("5.10-6.11", P[0].Kernels.str());
}

// Kfunc availability from the behavioural probes: bpf_path_d_path absent on
// 5.10.262 and 6.1.192, exported from 6.12.117 on; a release is judged by
// its own probe results (Debian 6.1.0-56: absent; 6.12.117+deb13: present).
TEST(BuiltinDB, KfuncAvailability) {
  const HelperDB &DB = HelperDB::builtin();
  const Kfunc *K = DB.kfunc("bpf_path_d_path");
  ASSERT_NE(nullptr, K);
  EXPECT_EQ("6.12.117-", kfuncAvailableKernels(*K).str());
  auto Set = [](const char *S) { return llvm::cantFail(KernelSet::parse(S)); };
  EXPECT_EQ("5.10-6.12.116",
            missingKfuncKernels(DB, *K, KernelSet::all()).str());
  EXPECT_EQ("6.1", missingKfuncKernels(DB, *K, Set("6.1")).str());
  EXPECT_TRUE(missingKfuncKernels(DB, *K, Set("6.12.117-")).empty());
  // Before the coverage nothing is judged.
  EXPECT_TRUE(missingKfuncKernels(DB, *K, Set("5.4")).empty());
  KernelSet Rel;
  Rel.addRelease("6.1.0-56");
  Rel.addRelease("6.12.117+deb13");
  EXPECT_EQ("6.1.0-56", missingKfuncKernels(DB, *K, Rel).str());
  EXPECT_EQ(
      "bpf_path_d_path does not exist on 5.10-6.12.116 (first measured "
      "with it: 6.12.117)",
      describeMissingKfunc(*K, missingKfuncKernels(DB, *K, KernelSet::all())));
  ASSERT_NE(nullptr, DB.kfunc("bpf_copy_from_user_str"));
  EXPECT_EQ("6.12.117-",
            kfuncAvailableKernels(*DB.kfunc("bpf_copy_from_user_str")).str());
}
