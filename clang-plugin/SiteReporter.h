//===- SiteReporter.h - The pass's verdicts as Clang diagnostics -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// After the backend has run the pass (which recorded its verdicts in its
// site sink, see passes/SiteSink.h), reports every hazardous helper call as
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

namespace clang {
class ASTContext;
class DiagnosticsEngine;
} // namespace clang

namespace helperguard {

/// Takes the pass's verdicts and reports them. Returns the number of
/// hazardous sites.
unsigned reportSites(clang::ASTContext &Ctx, clang::DiagnosticsEngine &Diags,
                     const WarningGroup &Group, const PluginOptions &Opts);

/// Empties the pass's site list (left over from an earlier translation
/// unit of the same process).
void discardSites();

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_SITEREPORTER_H
