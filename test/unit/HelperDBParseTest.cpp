//===- HelperDBParseTest.cpp - Reading and rejecting database text --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "helperguard/HelperDB.h"

#include "gtest/gtest.h"

#include <string>

using namespace helperguard;

namespace {

/// A valid one-helper database; tests splice faults into it.
const char *const Good = R"({
  "format": "helperguard-db/1",
  "comment": "test",
  "regimes": [
    {"kernels": "-6.13", "regime": "clobber-all", "source": "s"},
    {"kernels": "6.14-", "regime": "mem-write-only", "source": "s",
     "date": "2026-11-21"}
  ],
  "helpers": [
    {"id": 165, "name": "bpf_snprintf", "protos": [
      {"name": "bpf_snprintf_proto", "prog_types": ["*"], "args": [
        {"arg": 1, "size_arg": 2, "reads": false, "writes": true,
         "may_write_less": true, "effect_source": "e",
         "declared": [
           {"kernels": "-6.18.43", "flags": "ARG_PTR_TO_MEM_OR_NULL",
            "source": "s"},
           {"kernels": "6.18.44-",
            "flags": "ARG_PTR_TO_MEM_OR_NULL | MEM_WRITE", "source": "s"}
         ]}
      ]}
    ]}
  ]
})";

std::string replaceOnce(std::string S, const std::string &From,
                        const std::string &To) {
  size_t Pos = S.find(From);
  EXPECT_NE(std::string::npos, Pos) << From;
  if (Pos != std::string::npos)
    S.replace(Pos, From.size(), To);
  return S;
}

/// The error text of parsing Text, or "<no error>".
std::string parseError(const std::string &Text) {
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "t.json");
  if (DB)
    return "<no error>";
  return llvm::toString(DB.takeError());
}

std::string faulty(const std::string &From, const std::string &To) {
  return parseError(replaceOnce(Good, From, To));
}

TEST(HelperDBParse, Good) {
  llvm::Expected<HelperDB> DB = HelperDB::parse(Good, "t.json");
  ASSERT_TRUE(bool(DB)) << llvm::toString(DB.takeError());
  const Helper *H = DB->helper(165);
  ASSERT_NE(nullptr, H);
  EXPECT_EQ(H, DB->helper("bpf_snprintf"));
  EXPECT_EQ(H, DB->helper("snprintf"));
  EXPECT_EQ(nullptr, DB->helper("bpf_nope"));
  EXPECT_EQ(nullptr, DB->helper(1u));
  ASSERT_EQ(1u, H->Protos.size());
  const MemArg &A = H->Protos[0].Args[0];
  EXPECT_EQ(1u, A.ArgNo);
  EXPECT_EQ(2u, A.SizeArgNo.value_or(0));
  EXPECT_FALSE(A.FixedSize);
  EXPECT_TRUE(A.Writes);
  EXPECT_FALSE(A.Reads);
  EXPECT_TRUE(A.MayWriteLess);
  EXPECT_EQ("e", A.EffectSource.Source);
  ASSERT_EQ(2u, A.Declared.size());
  EXPECT_EQ("ARG_PTR_TO_MEM_OR_NULL", A.Declared[0].Flags);
  EXPECT_FALSE(A.Declared[0].DeclaresWrite);
  EXPECT_EQ("ARG_PTR_TO_MEM_OR_NULL|MEM_WRITE", A.Declared[1].Flags);
  EXPECT_TRUE(A.Declared[1].DeclaresWrite);
  ASSERT_EQ(2u, DB->regimes().size());
  EXPECT_EQ("2026-11-21", DB->regimes()[1].Source.Date);
  EXPECT_EQ(Regime::MemWriteOnly, DB->regime({6, 17, 13}));
  EXPECT_EQ(Regime::ClobberAll, DB->regime({6, 12, 107}));
}

TEST(HelperDBParse, MinimalFile) {
  llvm::Expected<HelperDB> DB =
      HelperDB::parse(R"({"format": "helperguard-db/1"})", "min.json");
  ASSERT_TRUE(bool(DB)) << llvm::toString(DB.takeError());
  EXPECT_TRUE(DB->helpers().empty());
  EXPECT_EQ(Regime::ClobberAll, DB->regime({6, 17, 0}));
}

TEST(HelperDBParse, Kfuncs) {
  const char *Text = R"({"format": "helperguard-db/1", "kfuncs": [
    {"name": "bpf_path_d_path", "args": [
      {"arg": 2, "size_arg": 3, "reads": false, "writes": true,
       "effect_source": "e", "forgotten": [
         {"kernels": "-6.17.12", "source": "p"},
         {"kernels": "6.17.14-", "source": "p", "date": "2026-11-21"}]}]}]})";
  llvm::Expected<HelperDB> DB = HelperDB::parse(Text, "k.json");
  ASSERT_TRUE(bool(DB)) << llvm::toString(DB.takeError());
  const Kfunc *K = DB->kfunc("bpf_path_d_path");
  ASSERT_NE(nullptr, K);
  ASSERT_NE(nullptr, K->arg(2));
  EXPECT_EQ(3u, K->arg(2)->SizeArgNo.value_or(0));
  EXPECT_EQ("-6.17.12, 6.17.14-", K->arg(2)->forgottenKernels().str());
  auto Set = [](const char *S) { return llvm::cantFail(KernelSet::parse(S)); };
  EXPECT_NE(nullptr, DB->kfuncArgForgotten("bpf_path_d_path", 2, Set("6.19")));
  EXPECT_EQ(nullptr,
            DB->kfuncArgForgotten("bpf_path_d_path", 2, Set("6.17.13")));
  EXPECT_EQ(nullptr, DB->kfuncArgForgotten("bpf_path_d_path", 1, Set("6.19")));
  EXPECT_EQ(nullptr, DB->kfuncArgForgotten("bpf_nope", 2, Set("6.19")));

  auto Err = [](const char *T) {
    llvm::Expected<HelperDB> D = HelperDB::parse(T, "k.json");
    return D ? std::string() : llvm::toString(D.takeError());
  };
  EXPECT_EQ("k.json: kfuncs[0].name: kfunc name '1x' is not a C identifier",
            Err(R"({"format": "helperguard-db/1", "kfuncs": [
                     {"name": "1x", "args": []}]})"));
  EXPECT_EQ("k.json: kfuncs[1].name: duplicate kfunc 'f'",
            Err(R"({"format": "helperguard-db/1", "kfuncs": [
                     {"name": "f", "args": []}, {"name": "f", "args": []}]})"));
  EXPECT_EQ("k.json: kfuncs[0].args[0].forgotten[1].kernels: kernels "
            "6.17-6.18 overlap forgotten[0] (6.12-6.17.3)",
            Err(R"({"format": "helperguard-db/1", "kfuncs": [{"name": "f",
                     "args": [{"arg": 1, "size": 8, "reads": false,
                     "writes": true, "effect_source": "e", "forgotten": [
                       {"kernels": "6.12-6.17.3", "source": "p"},
                       {"kernels": "6.17-6.18", "source": "p"}]}]}]})"));
  EXPECT_EQ("k.json: kfuncs[0].available[1].kernels: kernels "
            "6.13- overlap available[0] (6.12.117-)",
            Err(R"({"format": "helperguard-db/1", "kfuncs": [{"name": "f",
                     "args": [], "available": [
                       {"kernels": "6.12.117-", "source": "p"},
                       {"kernels": "6.13-", "source": "p"}]}]})"));
  {
    llvm::Expected<HelperDB> A = HelperDB::parse(
        R"({"format": "helperguard-db/1", "kfuncs": [{"name": "f",
             "args": [], "available": [{"kernels": "6.12.117-",
             "source": "p", "date": "2026-12-07"}]}]})",
        "k.json");
    ASSERT_TRUE(bool(A)) << llvm::toString(A.takeError());
    ASSERT_EQ(1u, A->kfunc("f")->Available.size());
    EXPECT_EQ("6.12.117-", A->kfunc("f")->Available[0].Kernels.str());
    EXPECT_EQ("2026-12-07", A->kfunc("f")->Available[0].Source.Date);
  }
  // A later file's kfunc argument replaces the earlier one.
  llvm::Expected<HelperDB> Over = HelperDB::parse(
      R"({"format": "helperguard-db/1", "kfuncs": [{"name": "bpf_path_d_path",
          "args": [{"arg": 2, "size_arg": 3, "reads": false, "writes": true,
          "effect_source": "e2", "forgotten": [
            {"kernels": "all", "source": "q"}]}]}]})",
      "o.json");
  ASSERT_TRUE(bool(Over)) << llvm::toString(Over.takeError());
  DB->merge(*Over);
  EXPECT_NE(nullptr,
            DB->kfuncArgForgotten("bpf_path_d_path", 2, Set("6.17.13")));
}

TEST(HelperDBParse, MalformedJSONHasPosition) {
  EXPECT_EQ("t.json:3:3: malformed JSON: Expected object key",
            parseError("{\n  \"format\": \"helperguard-db/1\",\n  ]\n}"));
  std::string E = parseError("{\"format\": \"helperguard-db/1\"");
  EXPECT_EQ(0u, E.find("t.json:1:")) << E;
  EXPECT_NE(std::string::npos, E.find("malformed JSON")) << E;
  EXPECT_EQ("t.json:1:1: malformed JSON: Unexpected EOF", parseError(""));
}

TEST(HelperDBParse, TopLevel) {
  EXPECT_EQ("t.json: <top>: expected an object, found an array",
            parseError("[]"));
  EXPECT_EQ("t.json: <top>: missing required key 'format'", parseError("{}"));
  EXPECT_EQ("t.json: format: unsupported format 'helperguard-db/2' "
            "(expected 'helperguard-db/1')",
            faulty("helperguard-db/1", "helperguard-db/2"));
  EXPECT_EQ("t.json: helperz: unknown key 'helperz' (expected format, "
            "regimes, helpers, kfuncs, releases, availability or comment)",
            faulty("\"helpers\":", "\"helperz\":"));
  EXPECT_EQ("t.json: helpers: expected an array, found an object",
            parseError(R"({"format": "helperguard-db/1", "helpers": {}})"));
}

TEST(HelperDBParse, UnknownKeys) {
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].writez: unknown key "
            "'writez' (expected arg, size_arg, size, reads, writes, "
            "may_write_less, effect_source, effect_date, declared or comment)",
            faulty("\"may_write_less\"", "\"writez\""));
  EXPECT_EQ(0u, faulty("\"date\": \"2026-11-21\"", "\"when\": \"x\"")
                    .find("t.json: regimes[1].when: unknown key 'when'"));
}

TEST(HelperDBParse, WrongTypes) {
  EXPECT_EQ("t.json: helpers[0].id: expected a non-negative integer, found "
            "a string",
            faulty("\"id\": 165", "\"id\": \"165\""));
  EXPECT_EQ("t.json: helpers[0].id: expected a non-negative integer, found "
            "a non-integer",
            faulty("\"id\": 165", "\"id\": 165.5"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].writes: expected true or "
            "false, found a number",
            faulty("\"writes\": true", "\"writes\": 1"));
  EXPECT_EQ("t.json: helpers[0].protos[0].name: expected a string, found "
            "null",
            faulty("\"name\": \"bpf_snprintf_proto\"", "\"name\": null"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0]: expected an object, found "
            "an array",
            faulty("{\"arg\": 1,", "[], {\"arg\": 1,"));
  EXPECT_EQ("t.json: helpers[0].protos[0].prog_types[0]: expected a string, "
            "found a number",
            faulty("[\"*\"]", "[7]"));
}

TEST(HelperDBParse, MissingKeys) {
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0]: missing required key "
            "'effect_source'",
            faulty("\"effect_source\": \"e\",", ""));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0]: missing required key "
            "'size_arg' (or 'size')",
            faulty("\"size_arg\": 2,", ""));
  EXPECT_EQ("t.json: regimes[0]: missing required key 'source'",
            faulty("\"regime\": \"clobber-all\", \"source\": \"s\"",
                   "\"regime\": \"clobber-all\""));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[0]: missing "
            "required key 'flags'",
            faulty("\"flags\": \"ARG_PTR_TO_MEM_OR_NULL\",", ""));
}

TEST(HelperDBParse, BadKernelRanges) {
  EXPECT_EQ("t.json: regimes[0].kernels: bad kernel range '6.x': bad kernel "
            "version '6.x': expected MAJOR.MINOR[.PATCH]",
            faulty("\"-6.13\"", "\"6.x\""));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[1].kernels: bad "
            "kernel range '6.19-6.18': the low end is above the high end",
            faulty("\"6.18.44-\"", "\"6.19-6.18\""));
}

TEST(HelperDBParse, UnknownRegimeAndFlags) {
  EXPECT_EQ("t.json: regimes[1].regime: unknown regime 'mem-write' (expected "
            "clobber-all, mem-write-only or flags-enforced)",
            faulty("\"mem-write-only\"", "\"mem-write\""));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[1].flags: unknown "
            "flag 'MEM_WRTIE' in 'ARG_PTR_TO_MEM_OR_NULL | MEM_WRTIE'",
            faulty("| MEM_WRITE", "| MEM_WRTIE"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[1].flags: "
            "'MEM_WRITE' must name exactly one ARG_* type, found 0",
            faulty("ARG_PTR_TO_MEM_OR_NULL | MEM_WRITE", "MEM_WRITE"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[1].flags: empty "
            "flag in 'ARG_PTR_TO_MEM_OR_NULL | '",
            faulty("| MEM_WRITE", "| "));
}

TEST(HelperDBParse, Conflicts) {
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].declared[1].kernels: "
            "kernels 6.18- overlap declared[0] (-6.18.43): conflicting facts "
            "for argument 1",
            faulty("\"6.18.44-\"", "\"6.18-\""));
  EXPECT_EQ("t.json: regimes[1].kernels: kernels 6.13- overlap regimes[0] "
            "(-6.13)",
            faulty("\"6.14-\"", "\"6.13-\""));

  // The same helper id twice.
  std::string Two = replaceOnce(
      Good, "\"helpers\": [",
      "\"helpers\": [{\"id\": 165, \"name\": \"bpf_other\", \"protos\": []},");
  EXPECT_EQ("t.json: helpers[1].id: duplicate helper id 165 (also "
            "bpf_other)",
            parseError(Two));

  // The same argument twice in one prototype.
  std::string Arg = replaceOnce(
      Good, "\"args\": [",
      "\"args\": [{\"arg\": 1, \"size\": 8, \"reads\": true, \"writes\": "
      "false, \"effect_source\": \"e\"},");
  EXPECT_EQ("t.json: helpers[0].protos[0].args[1].arg: argument 1 described "
            "twice",
            parseError(Arg));

  // Two prototypes claiming one program type.
  std::string Proto = replaceOnce(
      Good, "\"protos\": [",
      "\"protos\": [{\"name\": \"p2\", \"prog_types\": [\"*\"], \"args\": "
      "[]},");
  EXPECT_EQ("t.json: helpers[0].protos[1].prog_types: program type '*' "
            "already gets prototype 'p2'",
            parseError(Proto));
}

TEST(HelperDBParse, ArgNumbers) {
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].arg: argument number 6 is "
            "outside 1..5",
            faulty("\"arg\": 1", "\"arg\": 6"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].arg: argument number 0 is "
            "outside 1..5",
            faulty("\"arg\": 1", "\"arg\": 0"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0].size_arg: argument 1 "
            "cannot be its own size",
            faulty("\"size_arg\": 2", "\"size_arg\": 1"));
  EXPECT_EQ("t.json: helpers[0].protos[0].args[0]: give either 'size_arg' or "
            "'size', not both",
            faulty("\"size_arg\": 2", "\"size_arg\": 2, \"size\": 16"));
}

TEST(HelperDBParse, Names) {
  EXPECT_EQ("t.json: helpers[0].protos[0].prog_types[0]: unknown program "
            "type 'xdpp'",
            faulty("[\"*\"]", "[\"xdpp\"]"));
  EXPECT_EQ("t.json: helpers[0].name: helper name 'snprintf' must start with "
            "'bpf_'",
            faulty("\"bpf_snprintf\"", "\"snprintf\""));
}

TEST(HelperDBParse, LoadFile) {
  llvm::Expected<HelperDB> DB = HelperDB::loadFile("/nonexistent/x.json");
  ASSERT_FALSE(bool(DB));
  std::string E = llvm::toString(DB.takeError());
  EXPECT_EQ(0u, E.find("/nonexistent/x.json: cannot read: ")) << E;
}

} // namespace
