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
