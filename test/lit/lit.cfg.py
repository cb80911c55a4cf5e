# lit configuration of the helperguard suite; CMake's lit.site.cfg.py sets
# the LLVM to test with and the plugin to load.
import os

import lit.formats

config.name = "helperguard-llvm" + config.llvm_version_major
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".ll", ".c", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.binary_dir, "test", "lit")
config.excludes = ["Inputs"]

# The LLVM under test comes first on PATH: opt, clang, FileCheck, not...
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["LC_ALL"] = "C"

# Sanitizer builds: opt and clang are not instrumented, so they preload the
# ASan runtime the plugin needs. Leaks of the host tools are not ours;
# everything else the sanitizers find aborts the test. ASAN_OPTIONS and
# UBSAN_OPTIONS from the environment are passed through (appended).
if getattr(config, "sanitizer_preload", ""):
    config.environment["LD_PRELOAD"] = config.sanitizer_preload
    config.environment["ASAN_OPTIONS"] = ":".join(filter(None, [
        "detect_leaks=0:abort_on_error=0:halt_on_error=1",
        os.environ.get("ASAN_OPTIONS", "")]))
    config.environment["UBSAN_OPTIONS"] = ":".join(filter(None, [
        "halt_on_error=1:print_stacktrace=1",
        os.environ.get("UBSAN_OPTIONS", "")]))
    config.available_features.add("sanitizer")

inputs = os.path.join(config.test_source_root, "Inputs")
clang = os.path.join(config.llvm_tools_dir, "clang")
opt = os.path.join(config.llvm_tools_dir, "opt")
# The IR tests are written with opaque pointers ("ptr"), the default from
# LLVM 15 on; opt 14 reads them with -opaque-pointers. (clang 14 itself
# emits typed pointers: the C tests cover those.)
if int(config.llvm_version_major) < 15:
    opt += " -opaque-pointers"
bpf_cflags = "-target bpf -O2 -g -I" + inputs

config.substitutions.append(("%plugin", config.plugin))
# Two objects equal but for their BTF, whose type order is not deterministic
# (Inputs/cmp-code.sh); never compare whole BPF objects with cmp.
config.substitutions.append(("%cmp-code", os.path.join(inputs, "cmp-code.sh")))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%srcroot", config.source_root))
# The tool is linked with its own sanitizer runtime (when there is one): it
# must not get the preloaded one as well.
config.substitutions.append(
    ("%helperguard", "env -u LD_PRELOAD " + config.helperguard_tool))
# opt running only the pass.
# opt 14 parses its command line before it loads pass plugins: -load loads
# ours first, so its -bpf-helperguard-* options exist when they are parsed.
load_first = ""
if int(config.llvm_version_major) < 15:
    load_first = " -load " + config.plugin
config.substitutions.append(("%loadfirst", load_first))
# clang compiling the opaque-pointer .ll inputs: clang 14 needs to be told.
config.substitutions.append(
    ("%llflags", "-mllvm -opaque-pointers" if int(config.llvm_version_major) < 15 else ""))
config.substitutions.append(
    ("%hgopt", opt + load_first + " -load-pass-plugin " + config.plugin +
     " -passes=helperguard"))
# clang compiling a BPF program with and without the plugin. -fplugin= as
# well as -fpass-plugin=: clang 19 registers a plugin's options for -mllvm
# only when -fplugin= loads it.
config.substitutions.append(
    ("%bpfcc-plain", clang + " " + bpf_cflags))
config.substitutions.append(
    ("%bpfcc", clang + " " + bpf_cflags + " -fplugin=" + config.plugin +
     " -fpass-plugin=" + config.plugin))
# The Clang plugin (clang-plugin/, built when CMake finds Clang's package):
# %clangplugin is its path, %hgclang compiles a BPF program with both
# plugins. Before %clang, which would eat the prefix of %clangplugin.
clang_plugin = getattr(config, "clang_plugin", "")
if clang_plugin and os.path.exists(clang_plugin):
    config.available_features.add("clang-plugin")
config.substitutions.append(("%clangplugin", clang_plugin))
config.substitutions.append(
    ("%hgclang", clang + " " + bpf_cflags + " -fplugin=" + clang_plugin +
     " -fpass-plugin=" + config.plugin))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%opt", opt))

config.available_features.add("llvm" + config.llvm_version_major)
# clang 14 to 16 copy their code-generation options before a plugin runs:
# the Clang plugin cannot turn on location tracking there (measured on 14, 15
# and 16; 19 and 22 can; 17 and 18 not measured).
if int(config.llvm_version_major) < 17:
    config.available_features.add("clang-copies-codegen-options")
