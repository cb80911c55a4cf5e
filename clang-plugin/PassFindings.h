//===- PassFindings.h - What the pass recorded for this plugin --*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Takes what the pass plugin recorded in its sink (passes/SiteSink.h) for
// the translation unit just compiled: the examined helper calls ("sites",
// reported by SiteReporter) and the calls a targeted kernel refuses
// ("portability", reported by PortabilityReporter). The two libraries
// share no C++ ABI: the record is JSON, taken through the C function
// helperguard_take_sites that the pass plugin exports.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_PASSFINDINGS_H
#define HELPERGUARD_CLANGPLUGIN_PASSFINDINGS_H

#include "HelperCallFinder.h"

#include "llvm/Support/JSON.h"

#include <optional>

namespace helperguard {

/// The pass's record ({"modules": N, "sites": [...], "portability": [...]}),
/// emptying the sink; std::nullopt if the pass plugin is not loaded.
std::optional<llvm::json::Value> takePassFindings();

/// Empties the pass's sink (left over from an earlier translation unit of
/// the same process).
inline void discardPassFindings() { takePassFindings(); }

/// A position recorded by the sink ({"file", "dir", "line", "column"}).
DebugPosition positionOf(const llvm::json::Value *V);

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_PASSFINDINGS_H
