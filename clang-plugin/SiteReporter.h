//===- SiteReporter.h - The pass's verdicts as Clang diagnostics -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// After the backend has run the pass (which recorded its verdicts in its
// site sink, see PassFindings.h), reports every hazardous helper call as
// a -Whelperguard warning at the call, with notes at the buffer's
// declaration and initialisations, at the reads the verifier may fold, and
// on what the pass did about it; and a fix-it where removing the
// initialisation is safe and changes nothing.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_SITEREPORTER_H
#define HELPERGUARD_CLANGPLUGIN_SITEREPORTER_H

#include "PluginOptions.h"
#include "WarningGroup.h"

namespace llvm::json {
class Array;
} // namespace llvm::json

namespace clang {
class ASTContext;
class DiagnosticsEngine;
} // namespace clang

namespace helperguard {

/// Reports the pass's verdicts (its record's "sites") in the -Whelperguard
/// group. Returns the number of hazardous sites.
unsigned reportSites(const llvm::json::Array &Sites, clang::ASTContext &Ctx,
                     clang::DiagnosticsEngine &Diags, const WarningGroup &Group,
                     const PluginOptions &Opts);

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_SITEREPORTER_H
