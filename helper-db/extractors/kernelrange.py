# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Kernel versions and ranges as helper-db/FORMAT.md spells them, for the
extractor scripts (crosscheck.py, probe_compare.py, merge_extracted.py)."""
import re

_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")


def kver(text):
    """'6.17.13+deb13', '6.12.117-1~deb12u1', '6.1' -> (6, 17, 13), (6, 12, 117),
    (6, 1, 0). Raises ValueError when text does not start with a version."""
    m = _VERSION.match(text)
    if not m:
        raise ValueError("'%s' is not a kernel version" % text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))


def in_range(rng, v):
    """Whether kernel v (a kver tuple) is in rng: 'all', 'A', 'A-B', '-B', 'A-';
    a bound without a patch level is x.y.0 below and every x.y.z above."""
    if rng == "all":
        return True
    lo, sep, hi = rng.partition("-")
    if not sep:
        lo = hi = rng
    if lo and v < kver(lo):
        return False
    if hi:
        h = kver(hi)
        if hi.count(".") == 1:
            return v[:2] <= h[:2]
        return v <= h
    return True
