//===- HtmlReport.cpp - The self-contained HTML report of a matrix --------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Reads only the JSON keys of MatrixOutput (so a report can be drawn from a
// merged or older result); draws the plots with SvgPlot.
//
//===----------------------------------------------------------------------===//

#include "HtmlReport.h"
#include "SvgPlot.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

#include <map>
#include <optional>
#include <set>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

std::string kernelName(const json::Object &K) {
  StringRef V = compat::toStd(K.getString("version")).value_or("");
  return (V.empty() ? compat::toStd(K.getString("spec")).value_or("?") : V).str();
}

/// The object's file name without ".o".
std::string objStem(const json::Object &P) {
  StringRef N = sys::path::filename(compat::toStd(P.getString("object")).value_or(""));
  N.consume_back(".o");
  return N.str();
}

/// (family, N) of a stem "PREFIX-N", if it is one.
std::optional<std::pair<std::string, double>> sweepPoint(StringRef Stem) {
  auto [Prefix, Num] = Stem.rsplit('-');
  unsigned long long N;
  if (Prefix.empty() || Num.empty() || Num.getAsInteger(10, N))
    return std::nullopt;
  return std::make_pair(Prefix.str(), double(N));
}

/// The stack depth as a number: "8+16" (per subprogram) adds up.
std::optional<double> stackNumber(StringRef S) {
  if (S.empty())
    return std::nullopt;
  double Sum = 0;
  SmallVector<StringRef, 4> Parts;
  S.split(Parts, '+');
  for (StringRef Part : Parts) {
    unsigned long long V;
    if (Part.trim().getAsInteger(10, V))
      return std::nullopt;
    Sum += V;
  }
  return Sum;
}

std::optional<double> metric(const json::Object &P, StringRef Key) {
  if (Key == "stack_depth")
    return stackNumber(compat::toStd(P.getString("stack_depth")).value_or(""));
  if (std::optional<int64_t> V = compat::toStd(P.getInteger(Key)))
    return double(*V);
  return std::nullopt;
}

std::string orDash(StringRef S) { return S.empty() ? "-" : S.str(); }

const char Style[] = R"(<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; }
th { background: #f0f0f0; }
td.ok { background: #e8f5e9; }
td.rej { background: #ffebee; }
td.na { background: #eeeeee; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; }
</style>
)";

} // namespace

std::string renderHtmlReport(const json::Value &Matrix) {
  std::string O = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
                  "charset=\"utf-8\">\n<title>helperguard matrix</title>\n";
  O += Style;
  O += "</head>\n<body>\n<h1>helperguard matrix</h1>\n";
  const json::Object *Root = Matrix.getAsObject();
  const json::Array *Ks = Root ? Root->getArray("kernels") : nullptr;
  if (!Ks) {
    O += "<p>No kernels in this result.</p>\n</body>\n</html>\n";
    return O;
  }
  std::vector<const json::Object *> Kernels;
  for (const json::Value &V : *Ks)
    if (const json::Object *K = V.getAsObject())
      Kernels.push_back(K);

  // Kernels.
  O += "<h2>Kernels</h2>\n<table>\n<tr><th>kernel</th><th>uname -r</th>"
       "<th>status</th><th>seconds</th><th>accelerator</th></tr>\n";
  for (const json::Object *K : Kernels)
    O += formatv("<tr><td>{0}</td><td>{1}</td><td>{2}</td><td>{3:f1}</td>"
                 "<td>{4}</td></tr>\n",
                 xmlEscape(kernelName(*K)),
                 xmlEscape(orDash(compat::toStd(K->getString("release")).value_or(""))),
                 xmlEscape((compat::toStd(K->getString("status")).value_or("?") +
                            (compat::toStd(K->getString("error"))
                                 ? ": " + compat::toStd(K->getString("error"))->str()
                                 : ""))
                               .str()),
                 compat::toStd(K->getNumber("seconds")).value_or(0),
                 xmlEscape(compat::toStd(K->getString("accel")).value_or("").str()))
             .str();
  O += "</table>\n";

  // Programs in order of first appearance, and each cell.
  std::vector<std::string> Progs;
  std::map<std::pair<std::string, std::string>, const json::Object *> Cell;
  for (const json::Object *K : Kernels)
    if (const json::Array *Ps = K->getArray("programs"))
      for (const json::Value &V : *Ps)
        if (const json::Object *P = V.getAsObject()) {
          std::string Name =
              objStem(*P) + ":" + compat::toStd(P->getString("program")).value_or("").str();
          if (!is_contained(Progs, Name))
            Progs.push_back(Name);
          Cell[{kernelName(*K), Name}] = P;
        }

  O += "<h2>Programs</h2>\n<p>Cells: processed instructions, total/peak "
       "states, stack depth, conditional branches the verifier removed; or "
       "the reject's category and key verifier message.</p>\n<table>\n"
       "<tr><th>program</th>";
  for (const json::Object *K : Kernels)
    O += "<th>" + xmlEscape(kernelName(*K)) + "</th>";
  O += "</tr>\n";
  for (const std::string &Name : Progs) {
    O += "<tr><td>" + xmlEscape(Name) + "</td>";
    for (const json::Object *K : Kernels) {
      auto It = Cell.find({kernelName(*K), Name});
      if (It == Cell.end()) {
        O += compat::toStd(K->getString("status")).value_or("") == "ok"
                 ? "<td class=\"na\">no result</td>"
                 : "<td class=\"na\">no boot</td>";
        continue;
      }
      const json::Object &P = *It->second;
      auto Num = [&](StringRef Key) {
        std::optional<int64_t> V = compat::toStd(P.getInteger(Key));
        return V ? std::to_string(*V) : std::string("-");
      };
      if (compat::toStd(P.getBoolean("loaded")).value_or(false)) {
        // Branches the verifier removed: how the helper-prototype
        // miscompile shows.
        std::optional<int64_t> Obj = compat::toStd(P.getInteger("obj_branches")),
                               Xl = compat::toStd(P.getInteger("xlated_branches"));
        std::string Removed =
            Obj && Xl && *Xl < *Obj
                ? formatv(", <b>{0} of {1} branches removed</b>", *Obj - *Xl,
                          *Obj)
                      .str()
                : "";
        O += formatv("<td class=\"ok\">ok {0} insns, {1}/{2} states, stack "
                     "{3}{4}</td>",
                     Num("processed_insns"), Num("total_states"),
                     Num("peak_states"),
                     xmlEscape(compat::toStd(P.getString("stack_depth")).value_or("-").str()),
                     Removed)
                 .str();
      } else
        O += formatv("<td class=\"rej\" title=\"{2}\">rejected ({0}): {1}</td>",
                     xmlEscape(compat::toStd(P.getString("category")).value_or("").str()),
                     xmlEscape(compat::toStd(P.getString("message")).value_or("").str()),
                     xmlEscape(compat::toStd(P.getString("error")).value_or("").str()))
                 .str();
    }
    O += "</tr>\n";
  }
  O += "</table>\n";

  // Sweeps: family -> kernel -> N -> program result.
  std::map<std::string,
           std::map<std::string, std::map<double, const json::Object *>>>
      Sweeps;
  std::map<std::string, std::set<double>> Ns;
  for (const json::Object *K : Kernels)
    if (const json::Array *Ps = K->getArray("programs"))
      for (const json::Value &V : *Ps)
        if (const json::Object *P = V.getAsObject())
          if (auto SP = sweepPoint(objStem(*P))) {
            std::string Fam =
                SP->first + ":" + compat::toStd(P->getString("program")).value_or("").str();
            Sweeps[Fam][kernelName(*K)][SP->second] = P;
            Ns[Fam].insert(SP->second);
          }
  bool Any = false;
  for (auto &[Fam, ByKernel] : Sweeps) {
    if (Ns[Fam].size() < 2)
      continue;
    if (!Any)
      O += "<h2>Sweeps</h2>\n<p>Each plot: a metric against N, one line per "
           "kernel; a cross on the top edge marks an N the kernel "
           "rejected.</p>\n";
    Any = true;
    O += "<h3>" + xmlEscape(Fam) +
         "</h3>\n<table>\n<tr><th>kernel</th>"
         "<th>largest N loaded</th><th>first N rejected</th>"
         "<th>why</th></tr>\n";
    for (const json::Object *K : Kernels) {
      auto It = ByKernel.find(kernelName(*K));
      if (It == ByKernel.end())
        continue;
      std::optional<double> Largest, First;
      std::string Why;
      for (auto &[N, P] : It->second) {
        if (compat::toStd(P->getBoolean("loaded")).value_or(false))
          Largest = N;
        else if (!First) {
          First = N;
          Why = compat::toStd(P->getString("message")).value_or("").str();
        }
      }
      O += formatv("<tr><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td>"
                   "</tr>\n",
                   xmlEscape(It->first), Largest ? formatNumber(*Largest) : "-",
                   First ? formatNumber(*First) : "-", xmlEscape(Why))
               .str();
    }
    O += "</table>\n<div class=\"plots\">\n";
    const std::pair<const char *, const char *> Metrics[] = {
        {"processed_insns", "processed instructions"},
        {"total_states", "total states"},
        {"peak_states", "peak states"},
        {"stack_depth", "stack depth (bytes)"}};
    for (auto [Key, Label] : Metrics) {
      Plot Pl;
      Pl.Title = Fam + ": " + Label;
      Pl.XLabel = "N";
      Pl.YLabel = Label;
      for (const json::Object *K : Kernels) {
        auto It = ByKernel.find(kernelName(*K));
        if (It == ByKernel.end())
          continue;
        PlotSeries S;
        S.Name = It->first;
        for (auto &[N, P] : It->second) {
          if (!compat::toStd(P->getBoolean("loaded")).value_or(false))
            S.Rejected.push_back(N);
          else if (std::optional<double> V = metric(*P, Key))
            S.Points.push_back({N, *V});
        }
        Pl.Series.push_back(std::move(S));
      }
      O += renderSvg(Pl);
    }
    O += "</div>\n";
  }
  O += "</body>\n</html>\n";
  return O;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
