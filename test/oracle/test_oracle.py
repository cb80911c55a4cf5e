#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
"""Unit tests of oracle.py's reading of verifier logs (no guest needed).

The log lines are as 6.17.13's verifier prints them at log level 2
(`hg-loader log`): the load, then after "; " the state of the registers and
stack slots it touched."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


class States(unittest.TestCase):
    def verdict(self, line):
        m = oracle.LOAD_RE.match(line)
        self.assertIsNotNone(m, line)
        st = oracle.reg_state(line, int(m.group(3)))
        return oracle.knowledge(st, int(m.group(5)) // 8, m.group(4) == "s")

    def test_constant_is_known(self):
        self.assertEqual(self.verdict(
            "12: (71) r1 = *(u8 *)(r10 -16)        ; R1_w=0 R10=fp0 fp-16_w=0"), "known")
        self.assertEqual(self.verdict(
            "7: (79) r2 = *(u64 *)(r10 -8)  ; R2=P0x12345678 R10=fp0"), "known")
        self.assertEqual(self.verdict(
            "7: (61) r2 = *(u32 *)(r10 -8)  ; R2_w=-1 R10=fp0"), "known")

    def test_full_width_range_is_unknown(self):
        self.assertEqual(self.verdict(
            "14: (71) r1 = *(u8 *)(r10 -16)        ; R1_w=scalar(smin=smin32=0,"
            "smax=umax=smax32=umax32=255,var_off=(0x0; 0xff)) R10=fp0"), "unknown")
        self.assertEqual(self.verdict(
            "3: (69) r3 = *(u16 *)(r10 -4)  ; R3_w=scalar(smin=smin32=0,"
            "smax=umax=smax32=umax32=65535,var_off=(0x0; 0xffff))"), "unknown")
        self.assertEqual(self.verdict(
            "18: (61) r2 = *(u32 *)(r10 -8)  ; R2_w=scalar(smin=0,smax=umax=0xffffffff,"
            "var_off=(0x0; 0xffffffff))"), "unknown")
        self.assertEqual(self.verdict(
            "2: (79) r1 = *(u64 *)(r10 -8)   ; R1_w=scalar(id=3)"), "unknown")
        self.assertEqual(self.verdict(
            "2: (79) r1 = *(u64 *)(r10 -8)   ; R1_w=scalar()"), "unknown")

    def test_narrowed_range_is_known(self):
        # a u32 spilled to 8 bytes and filled at 8: the upper half is known zero
        self.assertEqual(self.verdict(
            "9: (79) r1 = *(u64 *)(r10 -8)  ; R1_w=scalar(smin=0,smax=umax=0xffffffff,"
            "var_off=(0x0; 0xffffffff))"), "known")
        self.assertEqual(self.verdict(
            "9: (71) r1 = *(u8 *)(r10 -8)  ; R1_w=scalar(smin=smin32=0,"
            "smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))"), "known")

    def test_pointer_is_known(self):
        self.assertEqual(self.verdict(
            "5: (79) r6 = *(u64 *)(r10 -24)  ; R6_w=fp-16 R10=fp0"), "known")
        self.assertEqual(self.verdict(
            "5: (79) r6 = *(u64 *)(r10 -24)  ; R6_w=map_value(map=m,ks=4,vs=16) R10=fp0"),
            "known")

    def test_sign_extending_load(self):
        self.assertEqual(self.verdict(
            "4: (91) r1 = *(s8 *)(r10 -1)  ; R1_w=scalar(smin=smin32=-128,smax=smax32=127)"),
            "unknown")
        self.assertEqual(self.verdict(
            "4: (91) r1 = *(s8 *)(r10 -1)  ; R1_w=0"), "known")

    def test_other_registers_are_not_taken(self):
        line = "6: (71) r2 = *(u8 *)(r1 +0)  ; R1=fp-16 R2_w=scalar(smin=smin32=0," \
               "smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))"
        self.assertEqual(oracle.reg_state(line, 2).split("(")[0], "scalar")
        self.assertEqual(self.verdict(line), "unknown")


class Layout(unittest.TestCase):
    def test_program_code_keeps_its_index(self):
        fn = ("prog", "xdp", 16, 80)
        self.assertEqual(oracle.final_index(None, fn, [], {"section": "xdp", "offset": 48}), 4)


if __name__ == "__main__":
    unittest.main()
