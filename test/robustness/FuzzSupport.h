//===- FuzzSupport.h - What the libFuzzer targets share ---------*- C++ -*-===//

#ifndef HELPERGUARD_TEST_FUZZSUPPORT_H
#define HELPERGUARD_TEST_FUZZSUPPORT_H

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace helperguard {
namespace fuzz {

/// Whether error messages must be one line. The kernel-version parser
/// escapes control characters in what it quotes; the database parser does
/// not yet, so the check is on only with HG_FUZZ_STRICT_MESSAGES=1.
inline bool strictMessages() {
  static const bool Strict = [] {
    const char *E = getenv("HG_FUZZ_STRICT_MESSAGES");
    return E && !strcmp(E, "1");
  }();
  return Strict;
}

/// Aborts (a finding for libFuzzer) with Tool, What and Detail unless Ok.
inline void check(const char *Tool, bool Ok, const char *What,
                  const std::string &Detail) {
  if (Ok)
    return;
  fprintf(stderr, "%s: %s: '%s'\n", Tool, What, Detail.c_str());
  abort();
}

} // namespace fuzz
} // namespace helperguard

#endif // HELPERGUARD_TEST_FUZZSUPPORT_H
