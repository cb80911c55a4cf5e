//===- HelperCallFinder.h - BPF helper calls in the AST ---------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Finds the AST nodes the pass's verdicts talk about. Helpers are recognised
// the way the pass recognises them, by id, never by name: a call through a
// constant function pointer whose initialiser is an integer constant, as
// libbpf declares them,
//   static long (* const bpf_d_path)(struct path *, char *, __u32) = (void *) 147;
// (under any name, through macros and wrappers), or through an integer cast
// to a function pointer.
//
// Positions are matched the way Clang's debug information gives them: the
// expansion location's presumed file, line and column.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_CLANGPLUGIN_HELPERCALLFINDER_H
#define HELPERGUARD_CLANGPLUGIN_HELPERCALLFINDER_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class CallExpr;
class Expr;
class VarDecl;
} // namespace clang

namespace helperguard {

/// The helper id of a call, or std::nullopt if it does not call a helper.
std::optional<unsigned> helperIdOfCall(const clang::CallExpr &CE,
                                       const clang::ASTContext &Ctx);

/// A position as debug information spells it.
struct DebugPosition {
  std::string File; ///< as in DIFile, possibly relative to Dir
  std::string Dir;
  unsigned Line = 0, Column = 0; ///< Column 0: unknown
};

class HelperCallFinder {
public:
  explicit HelperCallFinder(clang::ASTContext &Ctx);

  /// The call of helper Id at P, or null.
  const clang::CallExpr *findCall(const DebugPosition &P, unsigned Id) const;

  /// The local variable (or parameter) named Name declared on P's line, or
  /// null.
  const clang::VarDecl *findVariable(const DebugPosition &P,
                                     llvm::StringRef Name) const;

  /// The variable whose storage E points into (&buf[2], buf, &s.field,
  /// (char *)&s), or null.
  static const clang::VarDecl *pointee(const clang::Expr *E);

  /// The location of P in this translation unit, or an invalid one.
  clang::SourceLocation locationOf(const DebugPosition &P) const;

  clang::ASTContext &context() const { return Ctx; }

private:
  struct Located {
    std::string File;
    unsigned Line, Column;
  };
  clang::ASTContext &Ctx;
  std::vector<std::pair<const clang::CallExpr *, unsigned>> Calls;
  std::vector<const clang::VarDecl *> Vars;

  Located where(clang::SourceLocation Loc) const;
  /// 2: the same file, 1: the same base name (a prefix map may differ), 0.
  static int fileMatch(const DebugPosition &P, llvm::StringRef File);
};

} // namespace helperguard

#endif // HELPERGUARD_CLANGPLUGIN_HELPERCALLFINDER_H
