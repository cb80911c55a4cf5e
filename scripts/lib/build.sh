# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# hg_build BUILD_DIR LLVM_MAJOR [CMAKE_ARG...]: configures and builds
# helperguard against /usr/lib/llvm-LLVM_MAJOR into BUILD_DIR. Source it.
hg_build() {
  local dir=$1 llvm=$2
  shift 2
  local root
  mkdir -p "$dir"
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
    -DLLVM_DIR="/usr/lib/llvm-$llvm/lib/cmake/llvm" "$@" >"$dir/configure.log" 2>&1 || {
    cat "$dir/configure.log" >&2
    echo "hg_build: configuring $dir against LLVM $llvm failed" >&2
    return 1
  }
  cmake --build "$dir" -j "$(nproc)"
}
