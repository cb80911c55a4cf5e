#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# /usr/bin/helperguard of the Debian package helperguard-common: runs the
# helperguard tool of an installed helperguard-llvm-<major> package, the
# newest one, or the one HELPERGUARD_LLVM=<major> names. The tool does the
# same whichever LLVM it was built with; each package has its own copy under
# /usr/lib/llvm-<major>/bin, so no file belongs to two packages.
prefix=$(dirname "$(dirname "$(readlink -f "$0")")")
installed=""
newest=""
for tool in "$prefix"/lib/llvm-*/bin/helperguard; do
  [ -x "$tool" ] || continue
  major=${tool#"$prefix"/lib/llvm-}
  major=${major%%/*}
  installed="$installed $major"
  if [ -z "$newest" ] || [ "$major" -gt "$newest" ]; then
    newest=$major
  fi
done
if [ -z "$newest" ]; then
  echo "helperguard: no helperguard-llvm-<major> package is installed (no $prefix/lib/llvm-*/bin/helperguard)" >&2
  exit 127
fi
major=${HELPERGUARD_LLVM:-$newest}
tool=$prefix/lib/llvm-$major/bin/helperguard
if [ ! -x "$tool" ]; then
  echo "helperguard: HELPERGUARD_LLVM=$major, but helperguard-llvm-$major is not installed (installed:$installed)" >&2
  exit 127
fi
exec "$tool" "$@"
