//===- SvgPlot.h - A small SVG line-chart writer ----------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides how one sweep plot looks: a metric (y) against N (x), one line per
// series (kernel), in a self-contained <svg> element. An axis whose values
// span more than a factor of 50 is drawn in log scale. A point the series
// could not reach (the verifier rejected that N) is drawn as a cross on the
// plot's top edge, so a line that stops says where the kernel gave up.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_TOOLS_MATRIX_SVGPLOT_H
#define HELPERGUARD_TOOLS_MATRIX_SVGPLOT_H

#include <string>
#include <vector>

namespace helperguard {
namespace tool {
namespace matrix {

struct PlotSeries {
  std::string Name;
  std::vector<std::pair<double, double>> Points; // (N, metric), N ascending
  std::vector<double> Rejected;                  // N values rejected
};

struct Plot {
  std::string Title, XLabel, YLabel;
  std::vector<PlotSeries> Series;
};

/// The <svg> element of P (width x height pixels), legend included.
std::string renderSvg(const Plot &P, unsigned Width = 640,
                      unsigned Height = 360);

/// V for a label: no trailing zeros, k and M for thousands and millions.
std::string formatNumber(double V);

/// S with &, <, > and " escaped for XML and HTML.
std::string xmlEscape(const std::string &S);

} // namespace matrix
} // namespace tool
} // namespace helperguard

#endif // HELPERGUARD_TOOLS_MATRIX_SVGPLOT_H
