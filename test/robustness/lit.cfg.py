# The catalogue of bad inputs (test/robustness/bad-inputs): the lit suite's
# configuration (test/lit/lit.cfg.py), with this directory's tests.
import os

lit_config.load_config(
    config, os.path.join(config.source_root, "test", "lit", "lit.cfg.py"))
config.name = "helperguard-robustness-llvm" + config.llvm_version_major
config.test_source_root = os.path.join(os.path.dirname(__file__), "bad-inputs")
config.test_exec_root = os.path.join(config.binary_dir, "test", "robustness", "lit")
config.excludes = ["Inputs"]
config.substitutions.append(
    ("%badinputs", os.path.join(config.test_source_root, "Inputs")))

# Plugins of other LLVMs (plugin-other-llvm.test): the builds of
# HELPERGUARD_OTHER_LLVM_BUILDS, as "major:clang:pass-plugin:clang-plugin"
# words in %other-llvm-builds. Without one the test is UNSUPPORTED, and says
# so here, loudly.
other_llvm_builds = []
for build in filter(None, getattr(config, "other_llvm_builds", "").split(";")):
    site = os.path.join(build, "test", "lit", "lit.site.cfg.py")
    fields = {}
    with open(site) as f:
        for line in f:
            for key in ("llvm_version_major", "llvm_tools_dir"):
                if line.startswith("config.%s = " % key):
                    fields[key] = line.split("=", 1)[1].strip().strip('"')
    plugins = [os.path.join(build, "lib", so)
               for so in ("HelperGuard.so", "HelperGuardClang.so")]
    missing = [p for p in plugins if not os.path.exists(p)]
    if missing:
        lit_config.warning("plugin-other-llvm: %s has no %s (not built?): "
                           "left out" % (build, ", ".join(missing)))
        continue
    other_llvm_builds.append(":".join(
        [fields["llvm_version_major"],
         os.path.join(fields["llvm_tools_dir"], "clang")] + plugins))
if other_llvm_builds:
    config.available_features.add("other-llvm-build")
else:
    lit_config.warning(
        "plugin-other-llvm: no build against another LLVM "
        "(HELPERGUARD_OTHER_LLVM_BUILDS is empty): plugins loaded into a "
        "clang of another LLVM are NOT tested")
config.substitutions.append(("%other-llvm-builds", " ".join(other_llvm_builds)))
config.substitutions.append(("%llvm-major", config.llvm_version_major))
