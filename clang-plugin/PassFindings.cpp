//===- PassFindings.cpp - What the pass recorded for this plugin ----------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception

#include "PassFindings.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/Support/DynamicLibrary.h"

#include <cstdlib>

using namespace llvm;
using namespace helperguard;

std::optional<json::Value> helperguard::takePassFindings() {
  using TakeFn = char *(*)();
  auto Take = reinterpret_cast<TakeFn>(
      sys::DynamicLibrary::SearchForAddressOfSymbol("helperguard_take_sites"));
  if (!Take)
    return std::nullopt;
  char *Text = Take();
  if (!Text)
    return std::nullopt;
  Expected<json::Value> V = json::parse(Text);
  std::free(Text);
  if (!V) {
    consumeError(V.takeError());
    return std::nullopt;
  }
  return std::move(*V);
}

DebugPosition helperguard::positionOf(const json::Value *V) {
  DebugPosition P;
  const json::Object *O = V ? V->getAsObject() : nullptr;
  if (!O)
    return P;
  P.File = compat::toStd(O->getString("file")).value_or("").str();
  P.Dir = compat::toStd(O->getString("dir")).value_or("").str();
  P.Line = unsigned(compat::toStd(O->getInteger("line")).value_or(0));
  P.Column = unsigned(compat::toStd(O->getInteger("column")).value_or(0));
  return P;
}
