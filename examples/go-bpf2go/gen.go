// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause

package main

// bpf2go compiles xdp_tag.bpf.c with $BPF_CLANG and the flags in $BPF_CFLAGS
// and writes xdptag_bpfel.o and its Go bindings (xdptag_bpfel.go). To guard
// the object, put the helperguard plugin into BPF_CFLAGS:
//
//	BPF_CLANG=clang-22 BPF_CFLAGS="-fpass-plugin=/usr/lib/llvm-22/lib/helperguard/HelperGuard.so" go generate
//
// (clang 14-19 also need -fplugin= with the same path to accept -mllvm
// -bpf-helperguard-* options.) Only the little-endian object is built:
// -target bpfel; the loader runs on x86_64.
//go:generate go run github.com/cilium/ebpf/cmd/bpf2go -cc $BPF_CLANG -cflags "$BPF_CFLAGS" -target bpfel xdptag xdp_tag.bpf.c -- -I/usr/include/x86_64-linux-gnu
