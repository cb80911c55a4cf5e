# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# The Debian packages helperguard builds and tests with; source after
# ensure-packages.sh. One list, so scripts/test and scripts/demo agree.
# What a build against LLVM 22 needs (scripts/demo installs no more).
HG_CORE_PACKAGES=(
  cmake make g++ python3
  clang-22 llvm-22-dev llvm-22-tools libclang-22-dev
  libgtest-dev
)
# scripts/test: every LLVM, the sanitizer runtime, chromium.
HG_BUILD_PACKAGES=(
  "${HG_CORE_PACKAGES[@]}"
  clang-19 llvm-19-dev llvm-19-tools libclang-19-dev
  # The other LLVMs Debian 12 has: plugin, tool and lit suite on each.
  clang-16 llvm-16-dev llvm-16-tools libclang-16-dev
  clang-15 llvm-15-dev llvm-15-tools libclang-15-dev
  clang-14 llvm-14-dev llvm-14-tools libclang-14-dev
  libclang-rt-22-dev
  chromium   # ctest matrix-html: renders `helperguard matrix --html` headless
  # ctest integration-go-bpf2go: Go 1.19 and bpf2go (cilium/ebpf 0.9.1), offline
  golang-go golang-github-cilium-ebpf-dev
  bpftrace   # ctest integration-go-bpf2go-qemu carries bpftrace 0.17 into its guests
)
HG_BPF_PACKAGES=(
  libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev
  gcc libc6-dev pkgconf iproute2
  xz-utils valgrind   # scripts/bench: the linux-source tarball; callgrind counts
)
HG_KERNEL_PACKAGES=(
  qemu-system-x86 busybox-static cpio dpkg-dev
  kmod   # scripts/kbench/fetch-modules: modinfo (a module's dependencies)
)
