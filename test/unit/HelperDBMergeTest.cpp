//===- HelperDBMergeTest.cpp - Merging databases, stale-argument queries --===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "helperguard/HelperDB.h"

#include "gtest/gtest.h"

using namespace helperguard;

namespace {

HelperDB parse(const char *Text) {
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "m.json");
  EXPECT_TRUE(bool(DB));
  if (!DB) {
    ADD_FAILURE() << llvm::toString(DB.takeError());
    return HelperDB();
  }
  return std::move(*DB);
}

KernelSet set(llvm::StringRef S) {
  llvm::Expected<KernelSet> K = KernelSet::parse(S);
  EXPECT_TRUE(bool(K));
  if (!K) {
    llvm::consumeError(K.takeError());
    return {};
  }
  return *K;
}

const char *const Base = R"({
  "format": "helperguard-db/1",
  "regimes": [
    {"kernels": "-6.13", "regime": "clobber-all", "source": "base"},
    {"kernels": "6.14-6.18", "regime": "mem-write-only", "source": "base"},
    {"kernels": "6.19-", "regime": "flags-enforced", "source": "base"}
  ],
  "helpers": [
    {"id": 67, "name": "bpf_get_stack", "protos": [
      {"name": "p_kprobe", "prog_types": ["kprobe"], "args": [
        {"arg": 2, "size_arg": 3, "reads": false, "writes": true,
         "effect_source": "e", "declared": [
           {"kernels": "all", "flags": "ARG_PTR_TO_UNINIT_MEM",
            "source": "base"}]}]},
      {"name": "p_raw", "prog_types": ["raw_tracepoint", "tracing"], "args": [
        {"arg": 2, "size_arg": 3, "reads": false, "writes": true,
         "effect_source": "e", "declared": [
           {"kernels": "-6.18", "flags": "ARG_PTR_TO_MEM|MEM_RDONLY",
            "source": "base"},
           {"kernels": "6.19-", "flags": "ARG_PTR_TO_UNINIT_MEM",
            "source": "base"}]}]},
      {"name": "p_any", "prog_types": ["*"], "args": [
        {"arg": 2, "size_arg": 3, "reads": false, "writes": true,
         "effect_source": "e"}]}
    ]}
  ]
})";

TEST(HelperDBQuery, StaleArgsByProgType) {
  HelperDB DB = parse(Base);
  auto S = DB.staleArgs(67, {"raw_tracepoint"}, set("6.17.13"));
  ASSERT_TRUE(S.has_value());
  ASSERT_EQ(1u, S->size());
  EXPECT_EQ("p_raw", (*S)[0].Proto);
  EXPECT_EQ(2u, (*S)[0].ArgNo);
  EXPECT_EQ(3u, (*S)[0].SizeArgNo.value_or(0));
  EXPECT_EQ(std::vector<std::string>{"raw_tracepoint"}, (*S)[0].ProgTypes);
  EXPECT_EQ("6.17.13", (*S)[0].Kernels.str());

  EXPECT_TRUE(DB.staleArgs(67, {"kprobe"}, KernelSet::all())->empty());
  EXPECT_TRUE(
      DB.staleArgs(67, {"raw_tracepoint"}, set("6.12, 6.19-"))->empty());
  // "*" catches program types no other prototype names; no declaration at
  // all counts as not declaring the write.
  S = DB.staleArgs(67, {"xdp"}, KernelSet::all());
  ASSERT_EQ(1u, S->size());
  EXPECT_EQ("p_any", (*S)[0].Proto);
  EXPECT_EQ("6.14-", (*S)[0].Kernels.str());
  // Any program type: every prototype with a stale argument.
  S = DB.staleArgs(67, {}, KernelSet::all());
  ASSERT_EQ(2u, S->size());
  EXPECT_EQ("p_raw", (*S)[0].Proto);
  EXPECT_EQ("6.14-6.18", (*S)[0].Kernels.str());
  EXPECT_EQ((std::vector<std::string>{"raw_tracepoint", "tracing"}),
            (*S)[0].ProgTypes);
  // Several asked types that share a prototype are reported together.
  S = DB.staleArgs(67, {"tracing", "kprobe", "raw_tracepoint"}, set("6.16"));
  ASSERT_EQ(1u, S->size());
  EXPECT_EQ((std::vector<std::string>{"tracing", "raw_tracepoint"}),
            (*S)[0].ProgTypes);
  EXPECT_FALSE(DB.staleArgs(12345, {}, KernelSet::all()).has_value());
}

TEST(HelperDBQuery, RegimesAndAffected) {
  HelperDB DB = parse(Base);
  EXPECT_EQ(Regime::ClobberAll, DB.regime({6, 1, 0}));
  EXPECT_EQ(Regime::MemWriteOnly, DB.regime({6, 18, 44}));
  EXPECT_EQ(Regime::FlagsEnforced, DB.regime({7, 0, 4}));
  EXPECT_EQ("-6.13", DB.regimeKernels(Regime::ClobberAll).str());
  EXPECT_EQ("6.14-", DB.affectedKernels().str());
  EXPECT_EQ("clobber-all", regimeName(Regime::ClobberAll));
  EXPECT_EQ(Regime::FlagsEnforced, regimeFromName("flags-enforced"));
  EXPECT_FALSE(regimeFromName("flags").has_value());
}

TEST(HelperDBQuery, FlagsDeclareWrite) {
  EXPECT_TRUE(flagsDeclareWrite("ARG_PTR_TO_MEM | MEM_WRITE"));
  EXPECT_TRUE(flagsDeclareWrite("ARG_PTR_TO_UNINIT_MEM"));
  EXPECT_TRUE(flagsDeclareWrite("ARG_PTR_TO_FIXED_SIZE_MEM|MEM_UNINIT"));
  EXPECT_FALSE(flagsDeclareWrite("ARG_PTR_TO_MEM|MEM_RDONLY"));
  EXPECT_FALSE(flagsDeclareWrite("ARG_PTR_TO_MEM_OR_NULL"));
}

TEST(HelperDBMerge, OverrideDeclaredRange) {
  HelperDB DB = parse(Base);
  // A stable kernel that got the fix: 6.18.44 and later declare the write.
  DB.merge(parse(R"({"format": "helperguard-db/1", "helpers": [
    {"id": 67, "name": "bpf_get_stack", "protos": [
      {"name": "p_raw", "prog_types": ["raw_tracepoint", "tracing"],
       "args": [{"arg": 2, "size_arg": 3, "reads": false, "writes": true,
                 "effect_source": "override", "declared": [
         {"kernels": "6.18.44-6.18", "flags": "ARG_PTR_TO_UNINIT_MEM",
          "source": "override"}]}]}]}]})"));
  const Helper *H = DB.helper(67);
  ASSERT_NE(nullptr, H);
  ASSERT_EQ(3u, H->Protos.size());
  const MemArg *A = H->proto("p_raw")->arg(2);
  ASSERT_NE(nullptr, A);
  ASSERT_EQ(3u, A->Declared.size());
  EXPECT_EQ("-6.18.43", A->Declared[0].Kernels.str());
  EXPECT_EQ("6.18.44-6.18", A->Declared[1].Kernels.str());
  EXPECT_EQ("override", A->Declared[1].Source.Source);
  EXPECT_EQ("6.19-", A->Declared[2].Kernels.str());
  EXPECT_EQ("override", A->EffectSource.Source);
  EXPECT_EQ("6.14-6.18.43", DB.staleKernels(*A).str());
  EXPECT_EQ("ARG_PTR_TO_MEM|MEM_RDONLY", A->declaredFor({6, 17, 1})->Flags);
  EXPECT_EQ(nullptr, H->proto("p_any")->arg(2)->declaredFor({6, 17, 1}));
}

TEST(HelperDBMerge, OverrideRegimesAndAddHelpers) {
  HelperDB DB = parse(Base);
  DB.merge(parse(R"({"format": "helperguard-db/1",
    "regimes": [{"kernels": "6.18.44-6.18", "regime": "flags-enforced",
                 "source": "override"}],
    "helpers": [{"id": 16, "name": "bpf_get_current_comm", "protos": []}]})"));
  ASSERT_EQ(4u, DB.regimes().size());
  EXPECT_EQ("6.14-6.18.43", DB.regimes()[1].Kernels.str());
  EXPECT_EQ("6.18.44-6.18", DB.regimes()[2].Kernels.str());
  EXPECT_EQ(Regime::FlagsEnforced, DB.regime({6, 18, 44}));
  EXPECT_EQ(Regime::MemWriteOnly, DB.regime({6, 18, 43}));
  EXPECT_NE(nullptr, DB.helper("get_current_comm"));
  EXPECT_NE(nullptr, DB.helper(67));
}

TEST(HelperDBMerge, ProgTypeMovesToNewPrototype) {
  HelperDB DB = parse(Base);
  DB.merge(parse(R"({"format": "helperguard-db/1", "helpers": [
    {"id": 67, "name": "bpf_get_stack", "protos": [
      {"name": "p_tracing", "prog_types": ["tracing"], "args": []}]}]})"));
  const Helper *H = DB.helper(67);
  ASSERT_EQ(4u, H->Protos.size());
  EXPECT_EQ(std::vector<std::string>{"raw_tracepoint"},
            H->proto("p_raw")->ProgTypes);
  EXPECT_EQ("p_tracing", H->protoFor("tracing")->Name);
  EXPECT_EQ("p_any", H->protoFor("xdp")->Name);
  EXPECT_TRUE(DB.staleArgs(67, {"tracing"}, KernelSet::all())->empty());

  // A prototype left without program types disappears.
  DB.merge(parse(R"({"format": "helperguard-db/1", "helpers": [
    {"id": 67, "name": "bpf_get_stack", "protos": [
      {"name": "p_kprobe2", "prog_types": ["kprobe"], "args": []}]}]})"));
  EXPECT_EQ(nullptr, DB.helper(67)->proto("p_kprobe"));
}

} // namespace
