//===- CheckReport.cpp - Output of "helperguard check" --------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "CheckReport.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace helperguard {
namespace check {

namespace {

std::string sectionOffset(const BpfObject &Obj, InsnLoc Loc) {
  return formatv("{0}+{1:x}", Obj.Sections[Loc.first].Name, Loc.second * 8)
      .str();
}

std::string joined(const std::set<std::string> &S) {
  return join(S.begin(), S.end(), ", ");
}

json::Value locationJson(const BpfObject &Obj, InsnLoc Loc) {
  json::Object O{{"section", Obj.Sections[Loc.first].Name},
                 {"offset", int64_t(Loc.second * 8)}};
  if (std::optional<LineInfo> L = Obj.lineOf(Loc.first, Loc.second)) {
    O["file"] = L->File;
    O["line"] = int64_t(L->Line);
    O["column"] = int64_t(L->Column);
  }
  return O;
}

/// S as JSON accepts it (paths from the command line need not be UTF-8).
std::string utf8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

unsigned countHazards(const CheckResult &R) {
  unsigned N = 0;
  for (const CallVerdict &C : R.Calls)
    N += C.Hazardous;
  return N;
}

} // namespace

std::string locationText(const BpfObject &Obj, InsnLoc Loc) {
  std::string Where = sectionOffset(Obj, Loc);
  if (std::optional<LineInfo> L = Obj.lineOf(Loc.first, Loc.second))
    return formatv("{0}:{1}:{2} ({3})", L->File, L->Line, L->Column, Where)
        .str();
  return Where;
}

void printText(raw_ostream &OS, const std::vector<CheckedObject> &Objs,
               const ReportOptions &Opts) {
  for (const CheckedObject &C : Objs) {
    if (!C.Obj)
      continue; // the error went to stderr
    const BpfObject &Obj = *C.Obj;
    for (const CallVerdict &V : C.Result.Calls) {
      if (!V.Hazardous && !Opts.All)
        continue;
      OS << C.Path << ": " << locationText(Obj, V.Loc) << ": "
         << (V.Hazardous ? (V.Unsure ? "hazard (assumed)" : "hazard")
                         : "ok")
         << ": " << V.Name << (V.IsKfunc ? " (kfunc)" : "") << " in "
         << joined(V.Programs) << " (" << joined(V.ProgTypes) << ")";
      if (V.Hazardous)
        OS << ", kernels " << V.Kernels.str();
      OS << "\n  " << V.Reason << "\n";
      for (InsnLoc U : V.Uses)
        OS << "  used at " << locationText(Obj, U) << "\n";
    }
    for (const PortabilityFinding &P : C.Portability)
      OS << C.Path << ": " << locationText(Obj, P.Loc)
         << ": portability: " << P.Message << "\n";
    unsigned Hazards = countHazards(C.Result);
    OS << C.Path << ": " << C.Result.Programs << " program(s), "
       << C.Result.Calls.size() << " helper/kfunc call(s), " << Hazards
       << " hazardous on kernels " << Opts.Kernels;
    if (!Obj.hasLineInfo())
      OS << " (no .BTF.ext line info: locations are section+offset)";
    if (Obj.BigEndian)
      OS << " (big-endian object)";
    if (!C.Portability.empty())
      OS << ", " << C.Portability.size() << " portability finding(s)";
    OS << "\n";
  }
}

json::Value reportJson(const std::vector<CheckedObject> &Objs,
                       const ReportOptions &Opts) {
  json::Array Objects;
  for (const CheckedObject &C : Objs) {
    json::Object O{{"path", utf8(C.Path)}};
    if (!C.Obj) {
      O["error"] = utf8(C.Error);
      Objects.push_back(std::move(O));
      continue;
    }
    const BpfObject &Obj = *C.Obj;
    json::Array Calls;
    for (const CallVerdict &V : C.Result.Calls) {
      json::Array Uses, Reads, Programs, Types;
      for (InsnLoc U : V.Uses)
        Uses.push_back(locationJson(Obj, U));
      for (InsnLoc R : V.Reads)
        Reads.push_back(locationJson(Obj, R));
      for (const std::string &P : V.Programs)
        Programs.push_back(P);
      for (const std::string &T : V.ProgTypes)
        Types.push_back(T);
      json::Object J{{"location", locationJson(Obj, V.Loc)},
                     {"kind", V.IsKfunc ? "kfunc" : "helper"},
                     {"name", V.Name},
                     {"programs", std::move(Programs)},
                     {"prog_types", std::move(Types)},
                     {"hazardous", V.Hazardous},
                     {"unsure", V.Unsure},
                     {"affected_kernels", V.Hazardous ? V.Kernels.str() : ""},
                     {"reason", V.Reason},
                     {"uses", std::move(Uses)},
                     {"stack_buffer", V.Stale && V.StackArg},
                     {"known_before", V.KnownBefore},
                     {"reads", std::move(Reads)}};
      if (!V.IsKfunc)
        J["helper_id"] = int64_t(V.HelperId);
      Calls.push_back(std::move(J));
    }
    json::Array Errors;
    for (const ProgramError &E : C.Result.Errors)
      Errors.push_back(json::Object{{"program", E.Program},
                                    {"section", E.Section},
                                    {"message", E.Message}});
    O["programs"] = int64_t(C.Result.Programs);
    O["line_info"] = Obj.hasLineInfo();
    O["big_endian"] = Obj.BigEndian;
    O["hazards"] = int64_t(countHazards(C.Result));
    O["calls"] = std::move(Calls);
    O["errors"] = std::move(Errors);
    O["portability"] = portabilityJson(Obj, C.Portability);
    Objects.push_back(std::move(O));
  }
  return json::Object{{"format", "helperguard-check/1"},
                      {"kernels", Opts.Kernels},
                      {"objects", std::move(Objects)}};
}

/// SARIF rule HG100: a helper or kfunc call a targeted kernel refuses.
static json::Object portabilityRule() {
  return json::Object{
      {"id", "HG100"},
      {"name", "HelperUnavailable"},
      {"shortDescription",
       json::Object{{"text", "Helper call a targeted kernel's verifier "
                             "refuses"}}},
      {"fullDescription",
       json::Object{{"text", "The helper does not exist on some targeted "
                             "kernel, or that kernel does not offer it to "
                             "the program type, or the kernel does not "
                             "export the kfunc: the program fails to load "
                             "there. Guard the call with a CO-RE check "
                             "(bpf_ksym_exists for a kfunc) or narrow "
                             "--kernels."}}},
      {"defaultConfiguration", json::Object{{"level", "warning"}}}};
}

json::Value reportSarif(const std::vector<CheckedObject> &Objs,
                        const ReportOptions &Opts) {
  auto Uri = [&](StringRef Path) -> json::Object {
    SmallString<256> P(Path);
    if (!Opts.SourceRoot.empty()) {
      SmallString<256> Root(utf8(Opts.SourceRoot));
      if (!compat::endsWith(Root, "/"))
        Root += "/";
      if (compat::startsWith(P, Root))
        return json::Object{{"uri", P.substr(Root.size()).str()},
                            {"uriBaseId", "%SRCROOT%"}};
    }
    if (sys::path::is_absolute(P))
      return json::Object{{"uri", ("file://" + P).str()}};
    return json::Object{{"uri", P.str().str()}, {"uriBaseId", "%SRCROOT%"}};
  };
  auto Location = [&](const BpfObject &Obj, StringRef ObjPath,
                      InsnLoc Loc) -> json::Object {
    json::Object Region;
    json::Object Artifact;
    if (std::optional<LineInfo> L = Obj.lineOf(Loc.first, Loc.second)) {
      Artifact = Uri(L->File);
      Region["startLine"] = int64_t(L->Line);
      if (L->Column)
        Region["startColumn"] = int64_t(L->Column);
    } else {
      Artifact = Uri(utf8(ObjPath));
      Region["startLine"] = int64_t(1);
    }
    return json::Object{
        {"physicalLocation",
         json::Object{{"artifactLocation", std::move(Artifact)},
                      {"region", std::move(Region)}}},
        {"logicalLocations",
         json::Array{json::Object{{"name", sectionOffset(Obj, Loc)},
                                  {"kind", "function"}}}}};
  };
  json::Array Results;
  for (const CheckedObject &C : Objs) {
    if (!C.Obj)
      continue;
    for (const CallVerdict &V : C.Result.Calls) {
      if (!V.Hazardous)
        continue;
      json::Array Related;
      int64_t Id = 0;
      for (InsnLoc U : V.Uses) {
        json::Object L = Location(*C.Obj, C.Path, U);
        L["id"] = Id++;
        L["message"] = json::Object{{"text", "stale knowledge used here"}};
        Related.push_back(std::move(L));
      }
      std::string Msg = formatv("{0} writes a stack buffer the verifier of "
                                "kernels {1} believes unchanged ({2}; {3} in "
                                "{4}): {5}",
                                V.Name, V.Kernels.str(), utf8(C.Path),
                                joined(V.ProgTypes), joined(V.Programs),
                                V.Reason)
                            .str();
      Results.push_back(json::Object{
          {"ruleId", "HG001"},
          {"ruleIndex", 0},
          {"level", "error"},
          {"message", json::Object{{"text", Msg}}},
          {"locations", json::Array{Location(*C.Obj, C.Path, V.Loc)}},
          {"relatedLocations", std::move(Related)}});
    }
    for (const PortabilityFinding &P : C.Portability)
      Results.push_back(json::Object{
          {"ruleId", "HG100"},
          {"ruleIndex", 1},
          {"level", "warning"},
          {"message",
           json::Object{{"text", P.Message +
                                             ": the program does not load there"}}},
          {"locations", json::Array{Location(*C.Obj, C.Path, P.Loc)}}});
  }
  json::Object Rule{
      {"id", "HG001"},
      {"name", "StaleHelperStackWrite"},
      {"shortDescription",
       json::Object{{"text", "Helper writes a stack buffer the verifier "
                             "believes unchanged"}}},
      {"fullDescription",
       json::Object{
           {"text",
            "On Linux 6.14-6.18 the verifier keeps what it knew of a stack "
            "buffer passed to a helper whose prototype does not declare "
            "that it writes it, and prunes branches or checks bounds with "
            "those stale values. Build the object with the helperguard "
            "plugin, or make the bytes unknown to the verifier."}}},
      {"defaultConfiguration", json::Object{{"level", "error"}}}};
  json::Object Driver{{"name", "helperguard"},
                      {"version", Opts.Version},
                      {"rules", json::Array{std::move(Rule),
                                            portabilityRule()}}};
  json::Object Run{{"tool", json::Object{{"driver", std::move(Driver)}}},
                   {"results", std::move(Results)}};
  if (!Opts.SourceRoot.empty())
    Run["originalUriBaseIds"] = json::Object{
        {"%SRCROOT%",
         json::Object{
             {"uri",
              "file://" + utf8(Opts.SourceRoot) +
                  (compat::endsWith(Opts.SourceRoot, "/") ? "" : "/")}}}};
  return json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", json::Array{std::move(Run)}}};
}

} // namespace check
} // namespace helperguard
