#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# package.sh WORK_DIR BUILD_DIR...: the Debian packages (cmake/HelperGuardDebian.cmake)
# of already-built build directories, one per LLVM (ctest: package-deb).
#
#  1. cpack -G DEB in each build directory: helperguard-llvm-<major>_<v>_amd64.deb
#     and helperguard-common_<v>_all.deb; the Depends fields; the common
#     package is the same from every build.
#  2. A clean root (an empty directory with its own dpkg database):
#     `dpkg --root` installs all packages side by side (no file in two
#     packages, or dpkg refuses) and removes one without touching the others.
#     The root has no clang, so this step alone uses --force-depends.
#  3. A real install: in a private mount namespace, an overlay of / (writes go
#     to WORK_DIR/overlay, the host is untouched) in which `dpkg -i` installs
#     the packages with their dependencies checked against the host's own
#     clang-<major> and libllvm<major>. There, with each clang:
#     examples/cmake-consumer (-DCMAKE_C_COMPILER=clang-<major>) and
#     examples/make-consumer (CLANG=clang-<major>) build with that LLVM's
#     plugin and run; examples/tmp-guard (the /tmp guard) compiles, and
#     `helperguard check` finds its object clean while the unguarded object
#     (HELPERGUARD_MODE=off) is hazardous; with no clang given the newest
#     plugin is used; a clang without a plugin (one the host has but no package
#     was built for, and after `dpkg -r` of the newest) fails with a message
#     naming the installed versions.
# Needs root (dpkg, mount). Fails loudly, never skips.
set -euo pipefail
work=${1:?usage: package.sh WORK_DIR BUILD_DIR...}
shift
[ "$#" -ge 1 ] || { echo "usage: package.sh WORK_DIR BUILD_DIR..." >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
self=$root/test/integration/package.sh
jobs=${HG_JOBS:-2}

die() { echo "FAIL package: $*" >&2; exit 1; }
ok() { echo "PASS package: $*"; }
# fresh DIR: an empty directory for one build
fresh() { rm -rf "$1"; mkdir -p "$1"; }
# run LOG CMD...: runs CMD, output to LOG; on failure shows LOG and fails
run() {
  local log=$1; shift
  "$@" > "$log" 2>&1 || { cat "$log"; die "failed: $* (log: $log)"; }
}
# cpack_var BUILD NAME: a variable of BUILD's CPackConfig.cmake
cpack_var() {
  sed -n "s/^set($2 \"\(.*\)\")$/\1/p" "$1/CPackConfig.cmake"
}
[ "$(id -u)" -eq 0 ] || die "needs root (dpkg, mount)"

# Inside the overlay (see the end of this file): package.sh --inside WORK MAJOR...
if [ "$work" = --inside ]; then
  work=${1:?}; shift
  majors=("$@")
  newest=${majors[-1]}
  version=$(cat "$work/version")
  cd "$work"
  debs=("$work/debs/helperguard-common_${version}_all.deb")
  for m in "${majors[@]}"; do debs+=("$work/debs/helperguard-llvm-${m}_${version}_amd64.deb"); done
  run "$work/in/dpkg-i.log" dpkg -i "${debs[@]}"
  ok "dpkg -i with the host's clang and libllvm: $(dpkg-query -W -f '${db:Status-Abbrev}${Package}\n' 'helperguard-*' | sed -n 's/^ii *//p' | tr '\n' ' ')"

  out=$(helperguard db show bpf_d_path 2>&1) || die "/usr/bin/helperguard does not run: $out"
  for m in "${majors[@]}"; do
    HELPERGUARD_LLVM=$m helperguard --version > /dev/null 2>&1 ||
      die "HELPERGUARD_LLVM=$m helperguard --version failed"
    p=$(pkg-config --variable=plugin "helperguard-llvm-$m") || die "pkg-config does not find helperguard-llvm-$m"
    [ "$p" = "/usr/lib/llvm-$m/lib/helperguard/HelperGuard.so" ] || die "helperguard-llvm-$m.pc: plugin=$p"
  done
  [ "$(pkg-config --variable=prefix helperguard)" = /usr ] || die "helperguard.pc: prefix is not /usr"
  if out=$(HELPERGUARD_LLVM=99 helperguard --version 2>&1); then
    die "HELPERGUARD_LLVM=99 helperguard ran: $out"
  fi
  [[ "$out" == *"helperguard-llvm-99 is not installed (installed: ${majors[*]})"* ]] ||
    die "HELPERGUARD_LLVM=99 helperguard: '$out' does not name the installed versions"
  ok "/usr/bin/helperguard runs; pkg-config helperguard-llvm-{${majors[*]}} give /usr/lib/llvm-<major>/lib/helperguard/HelperGuard.so"

  # consumers MAJOR: the three examples with clang-MAJOR
  consumers() {
    local m=$1 out
    local d=$work/in/llvm-$m clang=/usr/bin/clang-$1
    fresh "$d"
    run "$d/cmake-consumer.configure.log" cmake -S "$root/examples/cmake-consumer" -B "$d/cmake-consumer" \
      -DCMAKE_C_COMPILER="$clang"
    grep -q "helperguard: the plugin for LLVM $m " "$d/cmake-consumer.configure.log" || {
      cat "$d/cmake-consumer.configure.log"; die "CMAKE_C_COMPILER=$clang: find_package did not pick LLVM $m's plugin"; }
    grep -q "^HelperGuard_DIR:PATH=/usr/share/cmake/HelperGuard$" "$d/cmake-consumer/CMakeCache.txt" ||
      die "find_package(HelperGuard) did not come from /usr/share/cmake/HelperGuard"
    run "$d/cmake-consumer.build.log" cmake --build "$d/cmake-consumer" -j "$jobs" -v
    grep -q -- "-fpass-plugin=/usr/lib/llvm-$m/lib/helperguard/HelperGuard.so" "$d/cmake-consumer.build.log" || {
      cat "$d/cmake-consumer.build.log"; die "cmake-consumer: the compile did not load LLVM $m's plugin"; }
    grep -q "remark: guarded: bpf_snprintf writes 'buf'" "$d/cmake-consumer.build.log" ||
      die "cmake-consumer with clang $m: no remark"
    out=$("$d/cmake-consumer/hello") || die "cmake-consumer hello (clang $m) failed: $out"
    [ "$out" = "RESULT retval=2 passed=1" ] || die "cmake-consumer hello (clang $m) printed '$out'"

    mkdir -p "$d/make-consumer"; cp "$root"/examples/make-consumer/{Makefile,hello.c,hello.bpf.c} "$d/make-consumer/"
    run "$d/make-consumer.build.log" make -C "$d/make-consumer" CLANG="clang-$m"
    grep -q "^clang-$m .*-fpass-plugin=/usr/lib/llvm-$m/lib/helperguard/HelperGuard.so" "$d/make-consumer.build.log" || {
      cat "$d/make-consumer.build.log"; die "make-consumer CLANG=clang-$m: the compile did not load LLVM $m's plugin"; }
    grep -q "remark: guarded: bpf_snprintf writes 'buf'" "$d/make-consumer.build.log" ||
      die "make-consumer with clang $m: no remark"
    out=$("$d/make-consumer/hello") || die "make-consumer hello (clang $m) failed: $out"
    [ "$out" = "RESULT retval=2 passed=1" ] || die "make-consumer hello (clang $m) printed '$out'"

    # The /tmp guard: HELPERGUARD_CHECK=1 (the Makefile's default) runs
    # `helperguard check` on the object; check it again with /usr/bin/helperguard,
    # and the unguarded object must be found hazardous.
    run "$d/tmp-guard.build.log" make -C "$root/examples/tmp-guard" O="$d/tmp-guard" HELPERGUARD_CLANG="clang-$m"
    grep -q "tmp_guard.bpf.o: 1 program(s), .* 0 hazardous on kernels 6.14-6.18" "$d/tmp-guard.build.log" || {
      cat "$d/tmp-guard.build.log"; die "tmp-guard with clang $m: helperguard check did not pass"; }
    grep -q "remark: guarded: bpf_d_path writes 'path'" "$d/tmp-guard.build.log" ||
      die "tmp-guard with clang $m: no remark"
    run "$d/tmp-guard.check.log" helperguard check --kernels 6.14-6.18 "$d/tmp-guard/tmp_guard.bpf.o"
    run "$d/tmp-guard-off.build.log" make -C "$root/examples/tmp-guard" O="$d/tmp-guard-off" \
      HELPERGUARD_CLANG="clang-$m" HELPERGUARD_MODE=off HELPERGUARD_CHECK=0 "$d/tmp-guard-off/tmp_guard.bpf.o"
    if helperguard check --kernels 6.14-6.18 "$d/tmp-guard-off/tmp_guard.bpf.o" > "$d/tmp-guard-off.check.log" 2>&1; then
      cat "$d/tmp-guard-off.check.log"; die "the unguarded tmp-guard object (clang $m) checks clean: the check proves nothing"
    fi
    grep -q "1 hazardous" "$d/tmp-guard-off.check.log" || {
      cat "$d/tmp-guard-off.check.log"; die "helperguard check on the unguarded object (clang $m): no hazard reported"; }
    ok "clang $m: cmake-consumer and make-consumer built with /usr/lib/llvm-$m/lib/helperguard/HelperGuard.so and ran ($out); tmp-guard checks clean, unguarded it has 1 hazardous call"
  }
  for m in "${majors[@]}"; do consumers "$m"; done

  # No clang given (gcc builds the loader): the newest plugin.
  d=$work/in/default; fresh "$d"
  run "$d/configure.log" cmake -S "$root/examples/cmake-consumer" -B "$d/cmake" -DCMAKE_C_COMPILER=gcc
  grep -q "helperguard: the plugin for LLVM $newest " "$d/configure.log" || {
    cat "$d/configure.log"; die "with gcc, find_package did not pick the newest plugin ($newest)"; }
  mkdir -p "$d/make"; cp "$root"/examples/make-consumer/{Makefile,hello.c,hello.bpf.c} "$d/make/"
  run "$d/make.log" make -C "$d/make" hello.bpf.o
  grep -q "/usr/lib/llvm-$newest/bin/clang .*-fpass-plugin=/usr/lib/llvm-$newest/lib/helperguard/HelperGuard.so" "$d/make.log" || {
    cat "$d/make.log"; die "helperguard.mk without CLANG did not use LLVM $newest"; }
  ok "no clang given: CMake and make use the newest plugin, LLVM $newest"

  # expect_no_plugin CLANG LIST: CMake and make refuse CLANG, naming LIST
  expect_no_plugin() {
    local clang=$1 list=$2 m d=$work/in/unmatched
    m=$("$clang" -dumpversion); m=${m%%.*}
    fresh "$d"
    if cmake -S "$root/examples/cmake-consumer" -B "$d/cmake" -DHELPERGUARD_CLANG="$clang" > "$d/cmake.log" 2>&1; then
      cat "$d/cmake.log"; die "find_package(HelperGuard) accepted $clang (clang $m), which has no plugin"
    fi
    # (CMake wraps the message.)
    tr '\n' ' ' < "$d/cmake.log" | tr -s ' ' > "$d/cmake.flat.log"
    grep -q "is clang $m, but the helperguard plugin is installed for LLVM ${list// /, } only" "$d/cmake.flat.log" || {
      cat "$d/cmake.log"; die "CMake's error for clang $m does not name the installed versions ($list)"; }
    mkdir -p "$d/make"; cp "$root"/examples/make-consumer/{Makefile,hello.c,hello.bpf.c} "$d/make/"
    if make -C "$d/make" CLANG="$clang" > "$d/make.log" 2>&1; then
      cat "$d/make.log"; die "helperguard.mk accepted CLANG=$clang (clang $m), which has no plugin"
    fi
    grep -q "is clang $m, but the helperguard plugin is installed for LLVM $list only" "$d/make.log" || {
      cat "$d/make.log"; die "helperguard.mk's error for clang $m does not name the installed versions ($list)"; }
    echo "  CMake: $(grep -o "HELPERGUARD_CLANG=.*helperguard-llvm-$m" "$d/cmake.flat.log" | head -n1)"
    echo "  make:  $(grep -o "helperguard.mk: .*" "$d/make.log" | head -n1)"
    ok "clang $m without a plugin: CMake and helperguard.mk fail naming LLVM $list"
  }
  unpackaged=""
  for c in /usr/lib/llvm-*/bin/clang; do
    v=${c#/usr/lib/llvm-}; v=${v%%/*}
    [[ " ${majors[*]} " == *" $v "* ]] || { unpackaged=$c; break; }
  done
  if [ -n "$unpackaged" ]; then
    expect_no_plugin "$unpackaged" "${majors[*]}"
  else
    echo "note: every clang on this machine has a package; the unmatched-clang case runs after dpkg -r only"
  fi
  if [ "${#majors[@]}" -ge 2 ]; then
    run "$work/in/dpkg-r.log" dpkg -r "helperguard-llvm-$newest"
    [ ! -e "/usr/lib/llvm-$newest/lib/helperguard" ] || die "dpkg -r left /usr/lib/llvm-$newest/lib/helperguard"
    expect_no_plugin "/usr/bin/clang-$newest" "${majors[*]:0:${#majors[@]}-1}"
  elif [ -z "$unpackaged" ]; then
    die "one package and no clang without a package: the error path is not tested"
  fi
  exit 0
fi

# --- 1. the packages -------------------------------------------------------------
mkdir -p "$work"; work=$(cd "$work" && pwd)
fresh "$work/debs"; mkdir -p "$work/logs"
majors=()
version=""
common=()
declare -A build_of
for b in "$@"; do
  b=$(cd "$b" && pwd)
  [ -f "$b/CPackConfig.cmake" ] || die "$b has no CPackConfig.cmake (not a configured helperguard build?)"
  name=$(cpack_var "$b" CPACK_DEBIAN_DEB_LLVM_PACKAGE_NAME)
  m=${name#helperguard-llvm-}
  [[ "$m" =~ ^[0-9]+$ ]] || die "$b: package name '$name' is not helperguard-llvm-<major>"
  [ -z "${build_of[$m]:-}" ] || die "two build directories for LLVM $m: ${build_of[$m]} and $b"
  build_of[$m]=$b
  v=$(cpack_var "$b" CPACK_PACKAGE_VERSION)
  [ -z "$version" ] || [ "$v" = "$version" ] || die "$b is version $v, the others $version"
  version=$v
  out=$work/cpack-$m
  fresh "$out"
  t0=$(date +%s%N)
  (cd "$out" && run "$work/logs/cpack-$m.log" cpack -G DEB --config "$b/CPackConfig.cmake" -B "$out")
  t1=$(date +%s%N)
  deb=$out/helperguard-llvm-${m}_${version}_amd64.deb
  cdeb=$out/helperguard-common_${version}_all.deb
  [ -f "$deb" ] || { ls "$out"; die "cpack in $b did not make $(basename "$deb")"; }
  [ -f "$cdeb" ] || { ls "$out"; die "cpack in $b did not make $(basename "$cdeb")"; }
  cp "$deb" "$work/debs/"
  common+=("$cdeb")
  majors+=("$m")
  echo "cpack LLVM $m: $(( (t1 - t0) / 1000000 )) ms: $(basename "$deb") $(stat -c %s "$deb") bytes, $(basename "$cdeb") $(stat -c %s "$cdeb") bytes"

  # Depends: the clang that loads the plugin, the LLVM the tool links, the common files.
  dep=$(dpkg-deb -f "$deb" Depends)
  for want in "clang-$m" "libllvm$m" "helperguard-common (= $version)"; do
    [[ ", $dep," == *", $want"[,\ ]* ]] || die "$(basename "$deb"): Depends '$dep' lacks $want"
  done
  [ "$(dpkg-deb -f "$deb" Architecture)" = amd64 ] || die "$(basename "$deb") is not amd64"
  [ "$(dpkg-deb -f "$cdeb" Architecture)" = all ] || die "$(basename "$cdeb") is not Architecture: all"
  # Everything of helperguard-llvm-<major> is under that LLVM's directory,
  # but its pkg-config file.
  stray=$(dpkg-deb -c "$deb" | awk '{print $NF}' | grep -v '/$' |
    grep -v -e "^\./usr/lib/llvm-$m/" -e "^\./usr/lib/pkgconfig/helperguard-llvm-$m\.pc$" \
            -e "^\./usr/share/doc/helperguard-llvm-$m/" || true)
  [ -z "$stray" ] || die "$(basename "$deb") has files outside /usr/lib/llvm-$m (and its pkg-config and doc files): $stray"
  echo "  Depends: $dep"
done
# The majors in numeric order.
mapfile -t majors < <(printf '%s\n' "${majors[@]}" | sort -n)
echo "$version" > "$work/version"
# One helperguard-common for all: the same files from every build.
fresh "$work/common"
for i in "${!common[@]}"; do
  dpkg-deb -x "${common[$i]}" "$work/common/$i"
  dpkg-deb -f "${common[$i]}" > "$work/common/$i.control"
  if [ "$i" -gt 0 ]; then
    diff -r "$work/common/0" "$work/common/$i" > "$work/common/diff.txt" 2>&1 || {
      cat "$work/common/diff.txt"; die "helperguard-common differs between ${common[0]} and ${common[$i]}"; }
    diff "$work/common/0.control" "$work/common/$i.control" ||
      die "helperguard-common's control differs between ${common[0]} and ${common[$i]}"
  fi
done
cp "${common[0]}" "$work/debs/"
ok "${#majors[@]} package(s) for LLVM ${majors[*]} and one helperguard-common, the same from every build"

# --- 2. side by side in a clean root ---------------------------------------------------
croot=$work/clean-root
fresh "$croot"; mkdir -p "$croot/var/lib/dpkg/info" "$croot/var/lib/dpkg/updates"
: > "$croot/var/lib/dpkg/status"; : > "$croot/var/lib/dpkg/available"
debs=("$work/debs/helperguard-common_${version}_all.deb")
for m in "${majors[@]}"; do debs+=("$work/debs/helperguard-llvm-${m}_${version}_amd64.deb"); done
run "$work/logs/clean-root-install.log" dpkg --root="$croot" --force-depends -i "${debs[@]}"
for m in "${majors[@]}"; do
  files=("lib/llvm-$m/lib/helperguard/HelperGuard.so" "lib/llvm-$m/bin/helperguard" "lib/pkgconfig/helperguard-llvm-$m.pc")
  # The Clang plugin, when that build has one.
  [ ! -f "${build_of[$m]}/lib/HelperGuardClang.so" ] || files+=("lib/llvm-$m/lib/helperguard/HelperGuardClang.so")
  for f in "${files[@]}"; do
    [ -f "$croot/usr/$f" ] || die "clean root: /usr/$f not installed"
    owner=$(dpkg --root="$croot" -S "/usr/$f" | cut -d: -f1)
    [ "$owner" = "helperguard-llvm-$m" ] || die "clean root: /usr/$f belongs to '$owner'"
  done
done
for f in bin/helperguard share/cmake/HelperGuard/HelperGuardConfig.cmake share/helperguard/helperguard.mk \
         share/pkgconfig/helperguard.pc share/helperguard/db/FORMAT.md; do
  [ -f "$croot/usr/$f" ] || die "clean root: /usr/$f not installed"
done
status=$(dpkg-query --admindir="$croot/var/lib/dpkg" -W -f '${Package}=${db:Status-Abbrev}\n' | sort)
[ "$(grep -c '=ii $' <<< "$status")" -eq "${#debs[@]}" ] || die "clean root: not all installed: $status"
status=$(tr '\n' ' ' <<< "$status")
if [ "${#majors[@]}" -ge 2 ]; then
  run "$work/logs/clean-root-remove.log" dpkg --root="$croot" -r "helperguard-llvm-${majors[0]}"
  [ ! -e "$croot/usr/lib/llvm-${majors[0]}" ] || die "clean root: dpkg -r left /usr/lib/llvm-${majors[0]}"
  for m in "${majors[@]:1}"; do
    [ -f "$croot/usr/lib/llvm-$m/lib/helperguard/HelperGuard.so" ] ||
      die "clean root: removing helperguard-llvm-${majors[0]} removed LLVM $m's plugin"
  done
  [ -f "$croot/usr/share/helperguard/helperguard.mk" ] || die "clean root: removing a plugin package removed the common files"
fi
ok "clean root: dpkg installed ${#debs[@]} packages side by side ($status), each file in one package; dpkg -r of one leaves the others"

# --- 3. a real install in an overlay of / ----------------------------------------------
ov=$work/overlay
rm -rf "$ov"; mkdir -p "$ov/up" "$ov/wk" "$ov/merged"
fresh "$work/in"
t0=$SECONDS
# shellcheck disable=SC2016
unshare -m -- bash -euc '
  ov=$1 work=$2; shift 2
  mount --make-rprivate /
  mount -t overlay overlay -o "lowerdir=/,upperdir=$ov/up,workdir=$ov/wk" "$ov/merged"
  mount -t proc proc "$ov/merged/proc"
  mount --rbind /dev "$ov/merged/dev"
  mount --rbind /sys "$ov/merged/sys"
  mount --bind "$work" "$ov/merged$work"
  exec chroot "$ov/merged" "$@"
' bash "$ov" "$work" "$self" --inside "$work" "${majors[@]}" || die "the install in the overlay failed (logs: $work/in)"
rm -rf "$ov"
ok "installed with dpkg -i and used with clang ${majors[*]} in $((SECONDS - t0)) s"
