#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""bad_objects.py GOOD.o OUTDIR: writes broken variants of a little-endian
BPF object GOOD.o to OUTDIR for the "helperguard check" bad-input tests:

  truncated-header.o   the first 40 bytes
  truncated-sections.o cut in the middle of the section header table
  truncated-code.o     a code section's size runs past the end of the file
  odd-code-size.o      a code section of 4 bytes more than a multiple of 8
  x86.o                e_machine EM_X86_64 instead of EM_BPF
  elf32.o              ELFCLASS32 in e_ident
  garbage.o            the ELF magic followed by deterministic noise
  text.o               not ELF at all
  bad-reloc.o          a relocation of the code with type 99
  reloc-out.o          a relocation of the code past its end
"""
import os
import random
import struct
import sys


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    out = []
    for i in range(shnum):
        off = shoff + i * shentsize
        name, typ, flags, addr, offset, size, link, info, align, entsize = \
            struct.unpack_from("<IIQQQQIIQQ", data, off)
        out.append(dict(index=i, hdr=off, name=name, type=typ, flags=flags,
                        offset=offset, size=size, link=link, info=info,
                        entsize=entsize))
    return out


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    data = bytearray(open(good, "rb").read())
    os.makedirs(outdir, exist_ok=True)

    def write(name, blob):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(bytes(blob))

    secs = sections(data)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    write("truncated-header.o", data[:40])
    write("truncated-sections.o", data[:shoff + 64 * 2 + 10])
    code = [s for s in secs if s["type"] == 1 and s["flags"] & 0x4 and s["size"]]
    d = bytearray(data)
    struct.pack_into("<Q", d, code[0]["hdr"] + 0x20, len(data) * 2)
    write("truncated-code.o", d)
    d = bytearray(data)
    struct.pack_into("<Q", d, code[0]["hdr"] + 0x20, code[0]["size"] - 4)
    write("odd-code-size.o", d)
    d = bytearray(data)
    struct.pack_into("<H", d, 18, 62)
    write("x86.o", d)
    d = bytearray(data)
    d[4] = 1
    write("elf32.o", d)
    rng = random.Random(1)
    write("garbage.o", b"\x7fELF\x02\x01\x01" + bytes(rng.randrange(256) for _ in range(4000)))
    write("text.o", b"this is not an object file\n")
    rels = [s for s in secs if s["type"] == 9 and any(c["index"] == s["info"] for c in code)]
    d = bytearray(data)
    info_off = rels[0]["offset"] + 8
    info, = struct.unpack_from("<Q", d, info_off)
    struct.pack_into("<Q", d, info_off, (info & ~0xffffffff) | 99)
    write("bad-reloc.o", d)
    d = bytearray(data)
    struct.pack_into("<Q", d, rels[0]["offset"], 0x100000)
    write("reloc-out.o", d)


main()
