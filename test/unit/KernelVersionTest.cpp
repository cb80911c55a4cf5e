//===- KernelVersionTest.cpp - Kernel versions, ranges and sets -----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "helperguard/KernelVersion.h"

#include "gtest/gtest.h"

using namespace helperguard;

namespace {

KernelVersion ver(llvm::StringRef S) {
  llvm::Expected<KernelVersion> V = KernelVersion::parse(S);
  EXPECT_TRUE(bool(V)) << S.str();
  if (!V) {
    llvm::consumeError(V.takeError());
    return {};
  }
  return *V;
}

KernelRange range(llvm::StringRef S) {
  llvm::Expected<KernelRange> R = KernelRange::parse(S);
  EXPECT_TRUE(bool(R)) << S.str();
  if (!R) {
    llvm::consumeError(R.takeError());
    return {};
  }
  return *R;
}

KernelSet set(llvm::StringRef S) {
  llvm::Expected<KernelSet> K = KernelSet::parse(S);
  EXPECT_TRUE(bool(K)) << S.str();
  if (!K) {
    llvm::consumeError(K.takeError());
    return {};
  }
  return *K;
}

template <typename T> std::string errorOf(llvm::Expected<T> E) {
  if (E)
    return "<no error>";
  return llvm::toString(E.takeError());
}

TEST(KernelVersion, Parse) {
  bool HasPatch = true;
  llvm::Expected<KernelVersion> V = KernelVersion::parse("6.17", &HasPatch);
  ASSERT_TRUE(bool(V));
  EXPECT_EQ(6u, V->Major);
  EXPECT_EQ(17u, V->Minor);
  EXPECT_EQ(0u, V->Patch);
  EXPECT_FALSE(HasPatch);

  V = KernelVersion::parse("6.17.13+deb13-amd64", &HasPatch);
  ASSERT_TRUE(bool(V));
  EXPECT_EQ((KernelVersion{6, 17, 13}), *V);
  EXPECT_TRUE(HasPatch);

  EXPECT_EQ((KernelVersion{6, 1, 0}), ver("6.1.0-28-amd64"));
  EXPECT_EQ((KernelVersion{7, 0, 4}), ver("7.0.4~bpo12"));
  EXPECT_EQ((KernelVersion{6, 12, 107}), ver(" 6.12.107 "));
}

TEST(KernelVersion, ParseErrors) {
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("6")).find("expected MAJOR.MINOR"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("")).find("bad kernel version"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("six.1")).find("bad kernel version"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("6.1.")).find("patch level"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("6.1x")).find("unexpected 'x'"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelVersion::parse("6.99999999")).find("bad kernel"));
}

TEST(KernelVersion, OrderAndPrint) {
  EXPECT_TRUE(ver("6.9.5") < ver("6.10"));
  EXPECT_TRUE(ver("6.18.43") < ver("6.18.44"));
  EXPECT_TRUE((KernelVersion{6, 18, KernelVersion::AnyPatch}) < ver("6.19"));
  EXPECT_TRUE(ver("6.18.999") <
              (KernelVersion{6, 18, KernelVersion::AnyPatch}));
  EXPECT_EQ("6.17.13", ver("6.17.13+deb13").str());
  EXPECT_EQ("6.18", (KernelVersion{6, 18, KernelVersion::AnyPatch}).str());
  EXPECT_LT(ver("6.9").key(), ver("6.10").key());
}

TEST(KernelRange, Parse) {
  KernelRange R = range("6.14-6.18");
  EXPECT_EQ(ver("6.14.0"), R.Lo);
  EXPECT_EQ((KernelVersion{6, 18, KernelVersion::AnyPatch}), R.Hi);
  EXPECT_TRUE(R.contains(ver("6.18.200")));
  EXPECT_FALSE(R.contains(ver("6.19.0")));
  EXPECT_FALSE(R.contains(ver("6.13.12")));

  R = range("-6.13");
  EXPECT_EQ(KernelVersion::min(), R.Lo);
  EXPECT_TRUE(R.contains(ver("4.19.300")));
  EXPECT_FALSE(R.contains(ver("6.14")));

  R = range("6.19-");
  EXPECT_EQ(KernelVersion::max(), R.Hi);
  EXPECT_TRUE(R.contains(ver("42.0.1")));

  R = range("6.17");
  EXPECT_TRUE(R.contains(ver("6.17.0")));
  EXPECT_TRUE(R.contains(ver("6.17.13")));
  EXPECT_FALSE(R.contains(ver("6.18")));

  R = range("6.17.13");
  EXPECT_EQ(R.Lo, R.Hi);

  R = range("6.17.13-1-amd64"); // a single version with a Debian suffix
  EXPECT_EQ(ver("6.17.13"), R.Lo);
  EXPECT_EQ(R.Lo, R.Hi);

  EXPECT_TRUE(range("all") == KernelRange());
  EXPECT_TRUE(range(" 6.18.0 - 6.18.43 ") == range("6.18-6.18.43"));
}

TEST(KernelRange, ParseErrors) {
  EXPECT_NE(std::string::npos,
            errorOf(KernelRange::parse("6.19-6.14")).find("low end is above"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelRange::parse("")).find("bad kernel range"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelRange::parse("-")).find("bad kernel range"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelRange::parse("6.x-7")).find("bad kernel range"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelRange::parse("latest")).find("bad kernel range"));
}

TEST(KernelRange, Print) {
  for (const char *S :
       {"6.14-6.18", "6.17.13", "6.18.0-6.18.43", "6.19-", "-6.13", "all",
        "6.17", "6.18.44-6.18", "5.17-6.18.43", "6.16.3-6.17.13"}) {
    EXPECT_EQ(S, range(S).str());
    EXPECT_TRUE(range(range(S).str()) == range(S)) << S;
  }
  EXPECT_EQ("6.14-6.18", range("6.14.0-6.18").str());
}

TEST(KernelRange, Intersect) {
  KernelRange I = range("6.14-6.18").intersect(range("6.18.5-6.19"));
  EXPECT_EQ("6.18.5-6.18", I.str());
  EXPECT_TRUE(range("6.14-6.16").intersect(range("6.17-")).empty());
  EXPECT_TRUE(range("6.14-6.16").overlaps(range("6.16.3")));
  EXPECT_FALSE(range("-6.13").overlaps(range("6.14-")));
  EXPECT_EQ("none", range("6.1").intersect(range("6.2")).str());
}

TEST(KernelSet, ParseAndPrint) {
  EXPECT_EQ("all", set("all").str());
  EXPECT_TRUE(set("all").isAll());
  EXPECT_EQ("none", KernelSet().str());
  EXPECT_EQ("6.12.107, 6.16.3", set("6.16.3,6.12.107").str());
  EXPECT_EQ("6.1-6.2, 6.4.1", set("6.4.1, 6.1-6.2").str());
  llvm::Expected<KernelSet> Bad = KernelSet::parse("6.1, foo, 6.2");
  EXPECT_NE(std::string::npos, errorOf(std::move(Bad)).find("'foo'"));
  EXPECT_NE(std::string::npos,
            errorOf(KernelSet::parse("6.1,,6.2")).find("empty element"));
}

TEST(KernelSet, MergeAdjacentAndOverlapping) {
  // 6.14-6.17 and 6.18.0-6.18.43 are adjacent: one range.
  EXPECT_EQ("6.14-6.18.43", set("6.14-6.17, 6.18.0-6.18.43").str());
  EXPECT_EQ("6.18", set("6.18.0-6.18.43, 6.18.44-6.18").str());
  EXPECT_EQ("6.14-6.19", set("6.16-6.19, 6.14-6.17.3").str());
  EXPECT_EQ("6.1, 6.3", set("6.3, 6.1").str());
  EXPECT_EQ("all", set("-6.13, 6.14-").str());
  KernelSet S;
  S.add(range("6.19-"));
  S.add(range("7.0.4"));
  EXPECT_EQ("6.19-", S.str());
  EXPECT_EQ(1u, S.ranges().size());
}

TEST(KernelSet, Intersect) {
  KernelSet A = set("6.14-6.18.43");
  EXPECT_EQ("6.16.3", A.intersect(set("6.16.3")).str());
  EXPECT_EQ("none", A.intersect(set("6.12.107, 6.19.6, 6.18.44")).str());
  EXPECT_EQ("6.17.13, 6.18.5",
            A.intersect(set("6.17.13, 6.18.5, 6.19.6")).str());
  EXPECT_EQ("6.18.0-6.18.43", A.intersect(range("6.18")).str());
  EXPECT_TRUE(A.contains(ver("6.18.43")));
  EXPECT_FALSE(A.contains(ver("6.18.44")));
}

TEST(KernelSet, SubtractAndComplement) {
  EXPECT_EQ("6.14-6.18.43", set("6.14-").subtract(set("6.18.44-")).str());
  EXPECT_EQ("6.14-6.16, 6.17.14-6.18",
            set("6.14-6.18").subtract(set("6.17.0-6.17.13")).str());
  EXPECT_EQ("-6.13, 6.19-", set("6.14-6.18").complement().str());
  EXPECT_EQ("none", KernelSet::all().complement().str());
  EXPECT_TRUE(KernelSet().complement().isAll());
  EXPECT_EQ("6.1.0-6.1.4, 6.1.6-6.1", set("6.1").subtract(set("6.1.5")).str());
}

} // namespace

TEST(KernelSet, RejectsThreeEndedRangesAndEscapesGarbage) {
  llvm::Expected<KernelSet> Three = KernelSet::parse("6.17-6.18-6.19");
  ASSERT_FALSE(bool(Three));
  EXPECT_NE(std::string::npos,
            llvm::toString(Three.takeError()).find("a range has two ends"));
  // Debian's ABI-style suffixes are still a single version.
  llvm::Expected<KernelSet> Debian = KernelSet::parse("6.1.0-18-amd64");
  ASSERT_TRUE(bool(Debian)) << llvm::toString(Debian.takeError());
  EXPECT_EQ("6.1.0", Debian->str());
  // Control characters are escaped: the message stays one readable line.
  llvm::Expected<KernelSet> Ctl = KernelSet::parse("6.1\n\x01");
  ASSERT_FALSE(bool(Ctl));
  std::string Msg = llvm::toString(Ctl.takeError());
  EXPECT_EQ(std::string::npos, Msg.find('\n'));
  EXPECT_NE(std::string::npos, Msg.find("\\x0a\\x01"));
}
