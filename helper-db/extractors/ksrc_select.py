#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""ksrc_select.py TARBALL DEST: extract from a linux-source tarball only what the
source extractor reads (one streaming pass, nothing else lands on disk):

  * include/uapi/linux/bpf.h, include/linux/bpf_types.h, include/linux/bpf.h;
  * every .c/.h file under kernel/, net/, drivers/, security/, fs/, include/,
    arch/ whose text mentions bpf_func_proto or bpf_verifier_ops.

The tarball's top directory (linux-source-X.Y/) is stripped."""
import sys
import tarfile
import os

ALWAYS = {"include/uapi/linux/bpf.h", "include/linux/bpf_types.h", "include/linux/bpf.h"}
DIRS = ("kernel/", "net/", "drivers/", "security/", "fs/", "include/", "arch/")
NEEDLES = (b"bpf_func_proto", b"bpf_verifier_ops")


def main():
    tarball, dest = sys.argv[1], sys.argv[2]
    n = 0
    with tarfile.open(tarball, "r|*") as tf:
        for m in tf:
            if not m.isfile():
                continue
            rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
            if not rel.startswith(DIRS) or not rel.endswith((".c", ".h")):
                continue
            f = tf.extractfile(m)
            data = f.read() if f else b""
            if rel not in ALWAYS and not any(x in data for x in NEEDLES):
                continue
            out = os.path.join(dest, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "wb") as o:
                o.write(data)
            n += 1
    missing = [p for p in sorted(ALWAYS) if not os.path.exists(os.path.join(dest, p))]
    if missing:
        sys.exit("ksrc_select: %s lacks %s" % (tarball, ", ".join(missing)))
    print("ksrc_select: %d files from %s" % (n, os.path.basename(tarball)), file=sys.stderr)


if __name__ == "__main__":
    main()
