/* SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
 *
 * plugin-load: how long loading the pass plugin takes, as clang loads it.
 *
 *   plugin-load LIBLLVM PLUGIN
 *
 * Loads LIBLLVM (the libLLVM.so clang links) first, untimed, then times
 * what clang does for -fpass-plugin=PLUGIN: dlopen with RTLD_LAZY |
 * RTLD_GLOBAL (llvm::sys::DynamicLibrary), which maps the plugin, relocates
 * it and runs its static constructors (option registration), then
 * llvmGetPassPluginInfo(). Prints the microseconds on stdout. One load per
 * process: scripts/bench.d/plugin-load-time runs it many times.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

static double now_us(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return T.tv_sec * 1e6 + T.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: plugin-load LIBLLVM PLUGIN\n");
    return 2;
  }
  if (!dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL)) {
    fprintf(stderr, "plugin-load: %s\n", dlerror());
    return 1;
  }
  double T0 = now_us();
  void *P = dlopen(argv[2], RTLD_LAZY | RTLD_GLOBAL);
  if (!P) {
    fprintf(stderr, "plugin-load: %s\n", dlerror());
    return 1;
  }
  /* The plugin's info is a struct returned by value; its first member is
     the API version. Only the call matters here. */
  struct Info {
    unsigned Api;
    const char *Name, *Version;
    void (*Register)(void *);
  };
  struct Info (*Get)(void) =
      (struct Info(*)(void))dlsym(P, "llvmGetPassPluginInfo");
  if (!Get) {
    fprintf(stderr, "plugin-load: no llvmGetPassPluginInfo in %s\n", argv[2]);
    return 1;
  }
  struct Info I = Get();
  double T1 = now_us();
  printf("%.1f\n", T1 - T0);
  return I.Api ? 0 : 1;
}
