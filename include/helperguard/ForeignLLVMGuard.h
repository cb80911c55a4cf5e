//===- ForeignLLVMGuard.h - Refuse to load into another LLVM ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides what a helperguard plugin does when it is loaded into a clang or
// opt of another LLVM than the one it was built against: it prints an error
// naming both LLVMs and ends the process with exit status 1, before any of
// its own code touches an LLVM or Clang object.
//
// The plugins link no LLVM library: their references to LLVM and Clang carry
// no symbol version and bind to whatever LLVM the process has. Measured on
// Debian 12 with a plugin of another LLVM (docs/clang-plugin.md): the
// dynamic loader refuses some pairs (a clean "unable to load plugin"), but
// others load and then crash clang in the plugin's static initialisers
// (cl::Option::addArgument) or in its first call into Clang, end it with
// "symbol lookup error" (status 127) at the first unresolved call, or are
// silently ignored. No hook of clang's runs before those, so the check is a
// load-time constructor of priority 101, which runs before the plugin's C++
// static initialisers.
//
// The process's LLVM is identified by the symbol version of libLLVM's C API
// ("LLVM_16", "LLVM_19.1", "LLVM_22.1", ...). Only a positively identified
// other major version is refused: an LLVM linked statically, or without
// versioned symbols, is let through as before.
//
// Include this header in one source file of a plugin and write
// HELPERGUARD_REFUSE_FOREIGN_LLVM("HelperGuard.so") at namespace scope.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_FOREIGNLLVMGUARD_H
#define HELPERGUARD_FOREIGNLLVMGUARD_H

#include "llvm/Config/llvm-config.h"

#include <cstdio>
#include <dlfcn.h>
#include <unistd.h>

namespace helperguard {
namespace foreign_llvm {

/// Whether the process's libLLVM exports the C API with the symbol version of
/// LLVM Major ("LLVM_<Major>" or "LLVM_<Major>.<minor>").
inline bool hostHasMajor(const char *Symbol, unsigned Major) {
  char Tag[32];
  std::snprintf(Tag, sizeof(Tag), "LLVM_%u", Major);
  if (dlvsym(RTLD_DEFAULT, Symbol, Tag))
    return true;
  for (unsigned Minor = 0; Minor < 10; ++Minor) {
    std::snprintf(Tag, sizeof(Tag), "LLVM_%u.%u", Major, Minor);
    if (dlvsym(RTLD_DEFAULT, Symbol, Tag))
      return true;
  }
  return false;
}

/// The major version of another LLVM the process runs, or 0 if it runs this
/// plugin's LLVM or one that cannot be identified.
inline unsigned foreignMajor() {
  const char *Symbol = "LLVMContextCreate";
  if (!dlsym(RTLD_DEFAULT, Symbol) || hostHasMajor(Symbol, LLVM_VERSION_MAJOR))
    return 0;
  for (unsigned Major = 3; Major < 100; ++Major)
    if (Major != LLVM_VERSION_MAJOR && hostHasMajor(Symbol, Major))
      return Major;
  return 0;
}

/// Ends the process, with an error, if it runs another LLVM.
inline void refuse(const char *Plugin, const void *Self) {
  unsigned Host = foreignMajor();
  if (!Host)
    return;
  Dl_info Where{};
  const char *Path =
      dladdr(Self, &Where) && Where.dli_fname ? Where.dli_fname : Plugin;
  std::fprintf(stderr,
               "error: helperguard: %s was built for LLVM %d, but this "
               "compiler runs LLVM %u: use the helperguard plugins built for "
               "LLVM %u (helperguard.mk and the CMake package pick them by "
               "the clang's version)\n",
               Path, LLVM_VERSION_MAJOR, Host, Host);
  std::fflush(stderr);
  // Not exit(): the loader is in the middle of dlopen and clang's own
  // destructors must not run on a half-loaded plugin.
  _exit(1);
}

} // namespace foreign_llvm
} // namespace helperguard

#define HELPERGUARD_REFUSE_FOREIGN_LLVM(PLUGIN)                                \
  __attribute__((constructor(101))) static void                                \
  helperguardRefuseForeignLLVM() {                                             \
    helperguard::foreign_llvm::refuse(                                         \
        PLUGIN,                                                                \
        reinterpret_cast<const void *>(&helperguardRefuseForeignLLVM));        \
  }

#endif // HELPERGUARD_FOREIGNLLVMGUARD_H
