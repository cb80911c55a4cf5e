//===- KernelReleasesTest.cpp - Kernel builds named by uname -r ------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Selections naming releases (FORMAT.md, "Release"): measured builds decide
// from their probe results, Debian's measured builds are their version, and
// any other build is guarded as every kernel.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include "gtest/gtest.h"

using namespace helperguard;

namespace {

HelperDB parse(const char *Text) {
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "r.json");
  if (!DB) {
    ADD_FAILURE() << llvm::toString(DB.takeError());
    return HelperDB();
  }
  return std::move(*DB);
}

std::string parseError(const char *Text) {
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "r.json");
  if (DB)
    return "";
  return llvm::toString(DB.takeError());
}

/// bpf_snprintf (165) arg1 is written and stale on 6.14-6.18; a vendor
/// build "6.12.0-55.el10" measured kept in xdp, forgot in sched_cls; a
/// "fixed" build that forgot everywhere; a build whose tc entry was skipped.
const char *const DB = R"({
  "format": "helperguard-db/1",
  "regimes": [
    {"kernels": "-6.13", "regime": "clobber-all", "source": "t"},
    {"kernels": "6.14-6.18", "regime": "mem-write-only", "source": "t"},
    {"kernels": "6.19-", "regime": "flags-enforced", "source": "t"}],
  "helpers": [
    {"id": 165, "name": "bpf_snprintf", "protos": [
      {"name": "bpf_snprintf_proto", "prog_types": ["*"], "args": [
        {"arg": 1, "size_arg": 2, "reads": false, "writes": true,
         "effect_source": "t", "declared": [
           {"kernels": "-6.18", "flags": "ARG_PTR_TO_MEM_OR_NULL", "source": "t"},
           {"kernels": "6.19-", "flags": "ARG_PTR_TO_MEM_OR_NULL|MEM_WRITE", "source": "t"}]}]}]}],
  "releases": [
    {"release": "6.12.0-55.el10.x86_64", "source": "helperguard-probe 1",
     "btf_sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
     "results": [
       {"kind": "helper", "id": 165, "name": "bpf_snprintf", "prog_type": "xdp",
        "arg": 1, "outcome": "kept"},
       {"id": 165, "name": "bpf_snprintf", "prog_type": "sched_cls",
        "arg": 1, "outcome": "forgot"}]},
    {"release": "6.17.0-8-generic", "source": "helperguard-probe 1",
     "results": [
       {"id": 165, "name": "bpf_snprintf", "prog_type": "xdp", "arg": 1,
        "outcome": "forgot"},
       {"id": 165, "name": "bpf_snprintf", "prog_type": "sched_cls", "arg": 1,
        "outcome": "not-loadable"}]},
    {"release": "6.17.0-9-generic", "source": "helperguard-probe 1",
     "results": [
       {"id": 165, "name": "bpf_snprintf", "prog_type": "xdp", "arg": 1,
        "outcome": "forgot"},
       {"id": 165, "name": "bpf_snprintf", "prog_type": "sched_cls", "arg": 1,
        "outcome": "skipped", "detail": "no reason"}]},
    {"release": "6.17.13+deb13", "kernel": "6.17.13", "source": "Debian"}]
})";

KernelSelection select(const HelperDB &D, llvm::StringRef S) {
  llvm::Expected<KernelSelection> K = D.selectKernels(S);
  if (!K) {
    ADD_FAILURE() << llvm::toString(K.takeError());
    return {};
  }
  return *K;
}

bool stale(const HelperDB &D, llvm::StringRef Sel, const char *Type) {
  std::vector<std::string> Types;
  if (Type)
    Types.push_back(Type);
  std::optional<std::vector<StaleArg>> S =
      D.staleArgs(165, Types, select(D, Sel).Kernels);
  return S && !S->empty();
}

TEST(KernelReleases, MeasuredBuildDecidesFromItsResults) {
  HelperDB D = parse(DB);
  // Version 6.12 is before the regression: nothing stale there ...
  EXPECT_FALSE(stale(D, "6.12", "xdp"));
  // ... but the vendor build named 6.12 keeps knowledge in xdp.
  EXPECT_TRUE(stale(D, "6.12.0-55.el10.x86_64", "xdp"));
  EXPECT_FALSE(stale(D, "6.12.0-55.el10.x86_64", "sched_cls"));
  EXPECT_TRUE(stale(D, "6.12.0-55.el10.x86_64", nullptr)); // any type
  std::optional<std::vector<StaleArg>> S = D.staleArgs(
      165, {"xdp"}, select(D, "6.12.0-55.el10.x86_64").Kernels);
  ASSERT_TRUE(S && S->size() == 1);
  EXPECT_EQ((*S)[0].Kernels.str(), "6.12.0-55.el10.x86_64");
}

TEST(KernelReleases, ForgotAndNotLoadableAreNotStale) {
  HelperDB D = parse(DB);
  EXPECT_FALSE(stale(D, "6.17.0-8-generic", "xdp"));
  EXPECT_FALSE(stale(D, "6.17.0-8-generic", "sched_cls"));
  EXPECT_FALSE(stale(D, "6.17.0-8-generic", nullptr));
}

TEST(KernelReleases, WhatWasNotMeasuredIsGuarded) {
  HelperDB D = parse(DB);
  EXPECT_FALSE(stale(D, "6.17.0-9-generic", "xdp"));
  EXPECT_TRUE(stale(D, "6.17.0-9-generic", "sched_cls")); // skipped
  EXPECT_TRUE(stale(D, "6.17.0-9-generic", "kprobe"));    // no result
}

TEST(KernelReleases, DebianBuildIsItsVersion) {
  HelperDB D = parse(DB);
  KernelSelection S = select(D, "6.17.13+deb13-amd64");
  EXPECT_TRUE(S.Unmeasured.empty());
  EXPECT_EQ(S.Kernels.str(), "6.17.13");
  EXPECT_EQ(select(D, "6.17.13+deb13-cloud-amd64").Kernels.str(), "6.17.13");
  EXPECT_TRUE(stale(D, "6.17.13+deb13-amd64", "xdp"));
}

TEST(KernelReleases, UnmeasuredBuildIsGuardedAsEveryKernel) {
  HelperDB D = parse(DB);
  for (const char *R : {"6.12.0-56.el10.x86_64", "6.1.0-28-cloud-amd64",
                        "6.17.13+deb13x-amd64", "5.15.0-1~bpo",
                        "5.14.0-427.13.1.el9_4.x86_64",
                        "6.4.0-150600.23.25-default", "6.11.4-301.fc41.x86_64",
                        "6.1.109-118.189.amzn2023.x86_64"}) {
    KernelSelection S = select(D, R);
    EXPECT_TRUE(S.Kernels.isAll()) << R;
    ASSERT_EQ(S.Unmeasured.size(), 1u) << R;
    EXPECT_EQ(S.Unmeasured[0], R);
    EXPECT_TRUE(stale(D, R, "xdp")) << R;
  }
  std::string Msg = unmeasuredReleasesMessage({"6.12.0-56.el10.x86_64"},
                                              "--db FILE");
  EXPECT_NE(Msg.find("'6.12.0-56.el10.x86_64' is a build"), std::string::npos);
  EXPECT_NE(Msg.find("helperguard probe --json FILE"), std::string::npos);
  EXPECT_NE(Msg.find("--db FILE"), std::string::npos);
}

TEST(KernelReleases, SelectionsMixVersionsAndReleases) {
  HelperDB D = parse(DB);
  KernelSelection S = select(D, "6.19-, 6.12.0-55.el10.x86_64,6.17.13");
  EXPECT_EQ(S.Kernels.str(), "6.17.13, 6.19-, 6.12.0-55.el10.x86_64");
  EXPECT_TRUE(S.Unmeasured.empty());
  // Bad versions keep their old messages.
  llvm::Expected<KernelSelection> Bad = D.selectKernels("6.14-6.1.2.3");
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("6.14-6.1.2.3"),
            std::string::npos);
  // A range with a typo is no vendor build: an error, not `all`.
  for (const char *Typo : {"6.14-6.1x", "6.14-7.0rc1", "6.14-6.18.x"}) {
    llvm::Expected<KernelSelection> T = D.selectKernels(Typo);
    ASSERT_FALSE(bool(T)) << Typo;
    std::string Msg = llvm::toString(T.takeError());
    EXPECT_NE(Msg.find("bad kernel selection"), std::string::npos) << Msg;
  }
  llvm::Expected<KernelSelection> NotAVersion = D.selectKernels("el10");
  ASSERT_FALSE(bool(NotAVersion));
  llvm::consumeError(NotAVersion.takeError());
}

TEST(KernelReleases, SetArithmeticKeepsReleasesApart) {
  KernelSet A = KernelSet::all();
  A.addRelease("6.12.0-55.el10.x86_64");
  KernelSet B;
  B.addRelease("6.12.0-55.el10.x86_64");
  B.addRelease("6.17.0-8-generic");
  EXPECT_EQ(A.intersect(B).str(), "6.12.0-55.el10.x86_64");
  EXPECT_EQ(B.subtract(A).str(), "6.17.0-8-generic");
  EXPECT_TRUE(A.complement().empty());
  KernelSet Only;
  Only.addRelease("x+1");
  EXPECT_FALSE(Only.empty());
  EXPECT_EQ(Only.complement().str(), "all");
}

TEST(KernelReleases, MergeReplacesAReleaseWhole) {
  HelperDB D = parse(DB);
  HelperDB Later = parse(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.12.0-55.el10.x86_64", "source": "again",
     "results": [{"id": 165, "name": "bpf_snprintf", "prog_type": "xdp",
                  "arg": 1, "outcome": "forgot"}]}]})");
  D.merge(Later);
  EXPECT_FALSE(stale(D, "6.12.0-55.el10.x86_64", "xdp"));
  EXPECT_EQ(D.release("6.12.0-55.el10.x86_64")->Source.Source, "again");
}

TEST(KernelReleases, LongestPrefixMatches) {
  HelperDB D = parse(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-56", "kernel": "6.1.192", "source": "a"},
    {"release": "6.1.0-56-rt", "kernel": "6.1.193", "source": "b"}]})");
  EXPECT_EQ(D.release("6.1.0-56-amd64")->Source.Source, "a");
  EXPECT_EQ(D.release("6.1.0-56-rt-amd64")->Source.Source, "b");
  EXPECT_EQ(D.release("6.1.0-5-amd64"), nullptr);
  EXPECT_EQ(D.release("6.1.0-567-amd64"), nullptr);
}

TEST(KernelReleases, BadReleasesAreRejected) {
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.17.13", "kernel": "6.17.13", "source": "x"}]})")
                .find("reads as a kernel version"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "r1", "source": "x", "kernel": "6.1"}]})")
                .find("uname -r"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-1-x", "source": "x"}]})")
                .find("needs 'kernel' or non-empty 'results'"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-1-x", "source": "x", "kernel": "6.1"}]})")
                .find("MAJOR.MINOR.PATCH"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-1-x", "source": "x", "results": [
      {"id": 1, "name": "bpf_x", "prog_type": "xdp", "arg": 1,
       "outcome": "maybe"}]}]})")
                .find("unknown outcome 'maybe'"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-1-x", "source": "x", "btf_sha256": "XYZ",
     "kernel": "6.1.1"}]})")
                .find("hex"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"format": "helperguard-db/1", "releases": [
    {"release": "6.1.0-1-x", "source": "x", "kernel": "6.1.1"},
    {"release": "6.1.0-1-x", "source": "y", "kernel": "6.1.1"}]})")
                .find("described twice"),
            std::string::npos);
}

TEST(KernelReleases, BuiltinMapsDebianBuildsToTheirVersions) {
  const HelperDB &B = HelperDB::builtin();
  const KernelRelease *R = B.release("6.17.13+deb13-amd64");
  ASSERT_NE(R, nullptr);
  ASSERT_TRUE(R->Kernel.has_value());
  EXPECT_EQ(R->Kernel->str(), "6.17.13");
  llvm::Expected<KernelSelection> S = B.selectKernels("6.1.0-56-amd64");
  ASSERT_TRUE(bool(S));
  EXPECT_EQ(S->Kernels.str(), "6.1.192");
  // A Debian 12 build nobody measured is not taken for its number.
  S = B.selectKernels("6.1.0-28-cloud-amd64");
  ASSERT_TRUE(bool(S));
  EXPECT_TRUE(S->Kernels.isAll());
}

} // namespace
