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

inputs = os.path.join(config.test_source_root, "Inputs")
clang = os.path.join(config.llvm_tools_dir, "clang")
opt = os.path.join(config.llvm_tools_dir, "opt")
bpf_cflags = "-target bpf -O2 -g -I" + inputs

config.substitutions.append(("%plugin", config.plugin))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%helperguard", config.helperguard_tool))
# opt running only the pass.
config.substitutions.append(
    ("%hgopt", opt + " -load-pass-plugin " + config.plugin + " -passes=helperguard"))
# clang compiling a BPF program with and without the plugin. -fplugin= as
# well as -fpass-plugin=: clang 19 registers a plugin's options for -mllvm
# only when -fplugin= loads it.
config.substitutions.append(
    ("%bpfcc-plain", clang + " " + bpf_cflags))
config.substitutions.append(
    ("%bpfcc", clang + " " + bpf_cflags + " -fplugin=" + config.plugin +
     " -fpass-plugin=" + config.plugin))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%opt", opt))

config.available_features.add("llvm" + config.llvm_version_major)
