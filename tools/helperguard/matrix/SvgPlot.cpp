//===- SvgPlot.cpp - A small SVG line-chart writer ------------------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Plain SVG 1.1: a frame, ticks with labels, one <polyline> and its <circle>
// markers per series, crosses for rejected N, a legend on the right.
//
//===----------------------------------------------------------------------===//

#include "SvgPlot.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

namespace {

// Colours that stay apart for up to twelve series (then they repeat).
const char *const Palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                               "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                               "#bcbd22", "#17becf", "#393b79", "#637939"};

/// A linear or logarithmic map of [Lo, Hi] onto [PixLo, PixHi].
struct Axis {
  double Lo = 0, Hi = 1;
  bool Log = false;
  double PixLo = 0, PixHi = 1;

  void fit(std::vector<double> Vs) {
    if (Vs.empty())
      Vs = {0, 1};
    double Min = *std::min_element(Vs.begin(), Vs.end());
    double Max = *std::max_element(Vs.begin(), Vs.end());
    Log = Min > 0 && Max / Min > 50;
    if (Log) {
      Lo = std::pow(10, std::floor(std::log10(Min)));
      Hi = std::pow(10, std::ceil(std::log10(Max)));
      if (Hi <= Lo)
        Hi = Lo * 10;
      return;
    }
    Lo = std::min(0.0, Min);
    Hi = Max > Lo ? Max * 1.05 : Lo + 1;
  }
  double pix(double V) const {
    double T = Log ? (std::log10(std::max(V, Lo)) - std::log10(Lo)) /
                         (std::log10(Hi) - std::log10(Lo))
                   : (V - Lo) / (Hi - Lo);
    return PixLo + T * (PixHi - PixLo);
  }
  std::vector<double> ticks() const {
    std::vector<double> T;
    if (Log) {
      for (double V = Lo; V <= Hi * 1.0001; V *= 10)
        T.push_back(V);
      return T;
    }
    double Step = std::pow(10, std::floor(std::log10((Hi - Lo) / 4)));
    while ((Hi - Lo) / Step > 8)
      Step *= 2;
    for (double V = std::ceil(Lo / Step) * Step; V <= Hi; V += Step)
      T.push_back(V);
    return T;
  }
};

/// V without trailing zeros: 16, 2.5, 1.5k, 1M.
std::string num(double V) {
  auto Trim = [](double X, const char *Unit) {
    std::string S = formatv("{0:f1}", X).str();
    if (compat::endsWith(S, ".0"))
      S.resize(S.size() - 2);
    return S + Unit;
  };
  if (std::fabs(V) >= 1e6)
    return Trim(V / 1e6, "M");
  if (std::fabs(V) >= 1e4)
    return Trim(V / 1e3, "k");
  return Trim(V, "");
}

} // namespace

std::string xmlEscape(const std::string &S) {
  std::string O;
  for (char C : S) {
    switch (C) {
    case '&':
      O += "&amp;";
      break;
    case '<':
      O += "&lt;";
      break;
    case '>':
      O += "&gt;";
      break;
    case '"':
      O += "&quot;";
      break;
    default:
      O += C;
    }
  }
  return O;
}

std::string formatNumber(double V) { return num(V); }

std::string renderSvg(const Plot &P, unsigned Width, unsigned Height) {
  const double Left = 70, Right = 170, Top = 30, Bottom = 45;
  Axis X, Y;
  std::vector<double> Xs, Ys;
  for (const PlotSeries &S : P.Series) {
    for (auto [N, V] : S.Points) {
      Xs.push_back(N);
      Ys.push_back(V);
    }
    Xs.insert(Xs.end(), S.Rejected.begin(), S.Rejected.end());
  }
  X.fit(Xs);
  Y.fit(Ys);
  X.PixLo = Left;
  X.PixHi = Width - Right;
  Y.PixLo = Height - Bottom; // y grows downwards in SVG
  Y.PixHi = Top;

  std::string O =
      formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
              "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
              "font-family=\"sans-serif\" font-size=\"11\">\n",
              Width, Height)
          .str();
  O += formatv("<title>{0}</title>\n", xmlEscape(P.Title)).str();
  O += formatv("<text x=\"{0}\" y=\"18\" font-size=\"13\" "
               "font-weight=\"bold\">{1}</text>\n",
               Left, xmlEscape(P.Title))
           .str();
  O += formatv("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" "
               "fill=\"none\" stroke=\"#444\"/>\n",
               Left, Top, X.PixHi - Left, Y.PixLo - Top)
           .str();
  for (double T : X.ticks())
    O += formatv("<line x1=\"{0:f1}\" y1=\"{1}\" x2=\"{0:f1}\" y2=\"{2}\" "
                 "stroke=\"#ddd\"/><text x=\"{0:f1}\" y=\"{3}\" "
                 "text-anchor=\"middle\">{4}</text>\n",
                 X.pix(T), Top, Y.PixLo, Y.PixLo + 14, num(T))
             .str();
  for (double T : Y.ticks())
    O += formatv("<line x1=\"{0}\" y1=\"{1:f1}\" x2=\"{2}\" y2=\"{1:f1}\" "
                 "stroke=\"#ddd\"/><text x=\"{3}\" y=\"{4:f1}\" "
                 "text-anchor=\"end\">{5}</text>\n",
                 Left, Y.pix(T), X.PixHi, Left - 4, Y.pix(T) + 4, num(T))
             .str();
  O += formatv("<text x=\"{0:f1}\" y=\"{1}\" text-anchor=\"middle\">{2}{3}"
               "</text>\n",
               (Left + X.PixHi) / 2, Height - 8, xmlEscape(P.XLabel),
               X.Log ? " (log scale)" : "")
           .str();
  O += formatv("<text x=\"14\" y=\"{0:f1}\" text-anchor=\"middle\" "
               "transform=\"rotate(-90 14 {0:f1})\">{1}{2}</text>\n",
               (Top + Y.PixLo) / 2, xmlEscape(P.YLabel),
               Y.Log ? " (log scale)" : "")
           .str();

  for (size_t I = 0; I < P.Series.size(); ++I) {
    const PlotSeries &S = P.Series[I];
    const char *C = Palette[I % std::size(Palette)];
    std::string Pts;
    for (auto [N, V] : S.Points)
      Pts += formatv("{0:f1},{1:f1} ", X.pix(N), Y.pix(V)).str();
    O += formatv("<g class=\"series\" data-name=\"{0}\">\n", xmlEscape(S.Name))
             .str();
    if (!S.Points.empty())
      O +=
          formatv("<polyline fill=\"none\" stroke=\"{0}\" stroke-width=\"1.5\" "
                  "points=\"{1}\"/>\n",
                  C, Pts)
              .str();
    for (auto [N, V] : S.Points)
      O += formatv("<circle cx=\"{0:f1}\" cy=\"{1:f1}\" r=\"2.5\" fill=\"{2}\">"
                   "<title>{3}: N={4}, {5}</title></circle>\n",
                   X.pix(N), Y.pix(V), C, xmlEscape(S.Name), num(N), num(V))
               .str();
    for (double N : S.Rejected) {
      double Cx = X.pix(N), Cy = Top + 6 + 3 * (I % 4);
      O += formatv("<path d=\"M{0:f1},{1:f1} l6,6 m0,-6 l-6,6\" stroke=\"{2}\" "
                   "stroke-width=\"1.5\"><title>{3}: N={4} rejected</title>"
                   "</path>\n",
                   Cx - 3, Cy - 3, C, xmlEscape(S.Name), num(N))
               .str();
    }
    double Ly = Top + 8 + 15 * I;
    O += formatv("<line x1=\"{0}\" y1=\"{1:f1}\" x2=\"{2}\" y2=\"{1:f1}\" "
                 "stroke=\"{3}\" stroke-width=\"2\"/><text x=\"{4}\" "
                 "y=\"{5:f1}\">{6}</text>\n</g>\n",
                 X.PixHi + 10, Ly, X.PixHi + 28, C, X.PixHi + 32, Ly + 4,
                 xmlEscape(S.Name))
             .str();
  }
  O += formatv("<text x=\"{0}\" y=\"{1}\" fill=\"#666\">x: N rejected</text>\n",
               X.PixHi + 10, Top + 15 * P.Series.size() + 16)
           .str();
  O += "</svg>\n";
  return O;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
