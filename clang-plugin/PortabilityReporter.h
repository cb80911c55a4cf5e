//===- PortabilityReporter.h - Refused helper calls as warnings -*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// After the backend has run the pass (which recorded the helper calls a
// targeted kernel's verifier refuses in its sink, see PassFindings.h and
// passes/AvailabilityDiagnostics.h), reports each as a warning of the
// -Whelperguard-portability group at the call: separate from the
// miscompile group -Whelperguard, so that a project can make one an error
// and not the other. The pass decides; this file only places and words the
// warning.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_PORTABILITYREPORTER_H
#define HELPERGUARD_CLANGPLUGIN_PORTABILITYREPORTER_H

#include "WarningGroup.h"

namespace llvm::json {
class Array;
} // namespace llvm::json

namespace clang {
class ASTContext;
class DiagnosticsEngine;
} // namespace clang

namespace helperguard {

/// Reports the pass's portability findings (its record's "portability") in
/// Group. Returns the number of warnings (or errors) given.
unsigned reportPortability(const llvm::json::Array &Findings,
                           clang::ASTContext &Ctx,
                           clang::DiagnosticsEngine &Diags,
                           const WarningGroup &Group);

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_PORTABILITYREPORTER_H
