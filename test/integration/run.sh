#!/usr/bin/env bash
# run.sh STEP BUILD_DIR WORK_DIR: one build-system integration test (ctest
# runs each STEP as a test; see CMakeLists.txt). Everything is built from the
# install tree WORK_DIR/prefix, which the `install` step creates with
# `cmake --install BUILD_DIR --prefix WORK_DIR/prefix`.
#
#   install         install, check the layout, the tool runs from the prefix
#   cmake-consumer  examples/cmake-consumer: find_package(HelperGuard), build, run
#   make-consumer   examples/make-consumer: helperguard.mk (prefix from pkg-config), build, run
#   pkg-config      helperguard.pc: variables and Cflags; a BPF compile using them
#   tmp-guard       examples/tmp-guard with CMake (static loader too) and with make
#   tmp-guard-qemu  the skeleton loader of tmp-guard in QEMU guests: affected and fixed kernels
#   xdp-fib-router  examples/xdp-fib-router: build (remark, CHECK; `helperguard check` flags
#                   the unguarded object), then its test.sh (netns + veth, root)
#   examples-qemu   the test.sh of xdp-fib-router and snprintf-log in QEMU guests: affected and fixed kernels
#   snprintf-log    examples/snprintf-log: build, then its test.sh (root)
#
# Fails loudly (non-zero, with the reason) on anything missing; never skips.
set -euo pipefail
step=${1:?usage: run.sh STEP BUILD_DIR WORK_DIR}
build=$(cd "${2:?BUILD_DIR}" && pwd)
work=${3:?WORK_DIR}
mkdir -p "$work"; work=$(cd "$work" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
prefix=$work/prefix
jobs=${HG_JOBS:-2}

die() { echo "FAIL $step: $*" >&2; exit 1; }
# shellcheck source=../../scripts/kbench/boot-guest.sh
source "$root/scripts/kbench/boot-guest.sh"
ok() { echo "PASS $step: $*"; }
need_prefix() {
  [ -f "$prefix/lib/cmake/HelperGuard/HelperGuardConfig.cmake" ] ||
    die "no install tree at $prefix (the integration-install test must run first)"
}
need_root() { [ "$(id -u)" -eq 0 ] || die "needs root"; }
# fresh DIR: an empty directory for one build
fresh() { rm -rf "$1"; mkdir -p "$1"; }
# cmake_example NAME BUILD [CMAKE_ARG...]: configure + build examples/NAME against the prefix
cmake_example() {
  local name=$1 dir=$2; shift 2
  fresh "$dir"
  cmake -S "$root/examples/$name" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" "$@" \
    > "$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; die "configuring examples/$name failed"; }
  cmake --build "$dir" -j "$jobs" > "$dir.build.log" 2>&1 || {
    cat "$dir.build.log"; die "building examples/$name failed"; }
  # The package must come from the install tree, not from the build tree.
  grep -q "^HelperGuard_DIR:PATH=$prefix/lib/cmake/HelperGuard$" "$dir/CMakeCache.txt" ||
    die "examples/$name did not use $prefix: $(grep HelperGuard_DIR "$dir/CMakeCache.txt")"
}
# expect_remark LOG WHAT: the build log shows the guard's remark for WHAT
expect_remark() {
  grep -q "remark: guarded: $2" "$1" || { cat "$1"; die "no 'guarded: $2' remark in $1"; }
}

case $step in
install)
  rm -rf "$prefix"
  cmake --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1 || {
    cat "$work/install.log"; die "cmake --install failed"; }
  for f in bin/helperguard lib/helperguard/HelperGuard.so \
           lib/cmake/HelperGuard/HelperGuardConfig.cmake \
           lib/cmake/HelperGuard/HelperGuardConfigVersion.cmake \
           lib/cmake/HelperGuard/HelperGuardFunctions.cmake \
           share/helperguard/helperguard.mk lib/pkgconfig/helperguard.pc \
           "lib/pkgconfig/helperguard-llvm-$(sed -n 's/^llvm_version=//p' "$build/cmake/package/helperguard.pc.in").pc"; do
    [ -f "$prefix/$f" ] || die "$prefix/$f not installed"
  done
  compgen -G "$prefix/share/helperguard/db/*.json" > /dev/null || die "no database under share/helperguard/db"
  if grep -q '^HelperGuardClang' <(ls "$build/lib"); then
    [ -f "$prefix/lib/helperguard/HelperGuardClang.so" ] || die "HelperGuardClang.so built but not installed"
  fi
  "$prefix/bin/helperguard" db show bpf_d_path > "$work/tool.log" 2>&1 || {
    cat "$work/tool.log"; die "the installed tool does not run"; }
  # Relocatable: a moved copy of the tree still configures (paths relative to the config).
  rm -rf "$work/moved"; cp -a "$prefix" "$work/moved"
  fresh "$work/reloc"
  cat > "$work/reloc/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(reloc NONE)
find_package(HelperGuard REQUIRED)
message(STATUS "HGPLUGIN=${HELPERGUARD_PLUGIN}")
CM
  cmake -S "$work/reloc" -B "$work/reloc/b" -DCMAKE_PREFIX_PATH="$work/moved" > "$work/reloc.log" 2>&1 || {
    cat "$work/reloc.log"; die "find_package from a moved install tree failed"; }
  grep -q "HGPLUGIN=$work/moved/lib/helperguard/HelperGuard.so" "$work/reloc.log" || {
    cat "$work/reloc.log"; die "the moved tree's config does not point into the moved tree"; }
  rm -rf "$work/moved" "$work/reloc"
  ok "installed into $prefix; the package is relocatable" ;;

cmake-consumer)
  need_prefix; need_root
  cmake_example cmake-consumer "$work/cmake-consumer"
  expect_remark "$work/cmake-consumer.build.log" "bpf_snprintf writes 'buf'"
  [ -f "$work/cmake-consumer/hello_obj.skel.h" ] || die "no skeleton generated"
  out=$("$work/cmake-consumer/hello") || die "hello failed: $out"
  [ "$out" = "RESULT retval=2 passed=1" ] || die "hello printed '$out', expected 'RESULT retval=2 passed=1'"
  ok "find_package(HelperGuard) + helperguard_add_bpf_object(SKELETON) built and ran: $out" ;;

make-consumer)
  need_prefix; need_root
  d=$work/make-consumer
  fresh "$d"; cp "$root"/examples/make-consumer/{Makefile,hello.c,hello.bpf.c} "$d/"
  # The prefix comes from pkg-config, as in the example's README.
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig make -C "$d" > "$d.build.log" 2>&1 || {
    cat "$d.build.log"; die "make failed"; }
  grep -q -- "-fpass-plugin=$prefix/lib/helperguard/HelperGuard.so" "$d.build.log" || {
    cat "$d.build.log"; die "the compile did not load the installed plugin"; }
  expect_remark "$d.build.log" "bpf_snprintf writes 'buf'"
  out=$("$d/hello") || die "hello failed: $out"
  [ "$out" = "RESULT retval=2 passed=1" ] || die "hello printed '$out', expected 'RESULT retval=2 passed=1'"
  # Nothing to do the second time.
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig make -C "$d" -q || die "make is not up to date after a build"
  ok "include helperguard.mk built and ran: $out" ;;

pkg-config)
  need_prefix
  export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
  plugin=$(pkg-config --variable=plugin helperguard) || die "pkg-config does not find helperguard"
  [ "$plugin" = "$prefix/lib/helperguard/HelperGuard.so" ] || die "plugin=$plugin, expected $prefix/lib/helperguard/HelperGuard.so"
  [ -f "$plugin" ] || die "$plugin does not exist"
  cflags=$(pkg-config --cflags helperguard)
  [[ " $cflags " == *" -fpass-plugin=$plugin "* ]] || die "--cflags '$cflags' lacks -fpass-plugin=$plugin"
  [ "$(pkg-config --modversion helperguard)" = "$(sed -n 's/^set(HelperGuard_VERSION \(.*\))/\1/p' "$build/HelperGuardConfig.cmake")" ] ||
    die "version mismatch: $(pkg-config --modversion helperguard)"
  mk=$(pkg-config --variable=makefile helperguard); [ -f "$mk" ] || die "makefile=$mk does not exist"
  tool=$(pkg-config --variable=helperguard helperguard); [ -x "$tool" ] || die "helperguard=$tool not executable"
  clang=$(pkg-config --variable=clang helperguard)
  command -v "$clang" > /dev/null || die "clang=$clang not found"
  # A compile with exactly what pkg-config gives.
  fresh "$work/pc"
  # shellcheck disable=SC2046
  "$clang" $(pkg-config --variable=bpf_cflags helperguard) -I/usr/include/"$(gcc -print-multiarch)" \
      $(pkg-config --cflags helperguard) -Rpass=helperguard \
      -c "$root/examples/tmp-guard/tmp_guard.bpf.c" -o "$work/pc/tmp_guard.bpf.o" > "$work/pc/log" 2>&1 || {
    cat "$work/pc/log"; die "compiling with the pkg-config flags failed"; }
  expect_remark "$work/pc/log" "bpf_d_path writes 'path'"
  ok "plugin=$plugin; cflags: $cflags" ;;

tmp-guard)
  need_prefix
  cmake_example tmp-guard "$work/tmp-guard"
  expect_remark "$work/tmp-guard.build.log" "bpf_d_path writes 'path'"
  # CHECK: `helperguard check` ran on the guarded object and found it clean.
  grep -q "tmp_guard.bpf.o: 1 program(s), .* 0 hazardous on kernels 6.14-6.18" \
    "$work/tmp-guard.build.log" || die "helperguard check (CHECK) did not pass on the tmp-guard object"
  "$work/tmp-guard/tmp_guard" --help 2>&1 | grep -q usage || die "the loader does not run"
  cmake_example tmp-guard "$work/tmp-guard-static" -DTMP_GUARD_STATIC=ON
  ldd "$work/tmp-guard-static/tmp_guard" > /dev/null 2>&1 && die "TMP_GUARD_STATIC=ON gave a dynamic loader"
  d=$work/tmp-guard-make
  fresh "$d"
  make -C "$root/examples/tmp-guard" O="$d" HELPERGUARD_PREFIX="$prefix" > "$d.build.log" 2>&1 || {
    cat "$d.build.log"; die "make in examples/tmp-guard failed"; }
  expect_remark "$d.build.log" "bpf_d_path writes 'path'"
  grep -q "tmp_guard.bpf.o: 1 program(s), .* 0 hazardous on kernels 6.14-6.18" "$d.build.log" ||
    die "helperguard check (HELPERGUARD_CHECK=1) did not pass on the tmp-guard object"
  [ -x "$d/tmp_guard" ] || die "make did not build the loader"
  cmp -s "$d/tmp_guard.bpf.o" "$work/tmp-guard/tmp_guard.bpf.o" ||
    echo "note: the make and CMake objects differ (paths in debug info)"
  ok "built with CMake (dynamic and static loader) and with make" ;;

tmp-guard-qemu)
  # The skeleton loader, linked statically, in QEMU guests: the unguarded
  # build lets /tmp/true run on an affected kernel; the guarded one refuses it
  # everywhere; /bin/true runs everywhere.
  need_prefix
  cmake_example tmp-guard "$work/tg-guarded" -DTMP_GUARD_STATIC=ON
  cmake_example tmp-guard "$work/tg-plain" -DTMP_GUARD_STATIC=ON -DTMP_GUARD_MODE=off
  kernels=${HG_INTEGRATION_KERNELS:-"6.17.13+deb13:miscompiled 6.19.6+deb13:correct"}
  loader=$("$root/scripts/kbench/build-loader") || die "building hg-loader failed"
  failed=0
  for spec in $kernels; do
    k=${spec%%:*} expect=${spec#*:}
    ver=$("$root/scripts/kbench/fetch-kernel" --resolve "$k") || die "cannot resolve kernel $k"
    image=$("$root/scripts/kbench/fetch-kernel" "$ver") || die "cannot fetch kernel $ver"
    g=$work/guest-$ver; fresh "$g"; mkdir -p "$g/rootfs/bin"
    cp "$work/tg-guarded/tmp_guard" "$g/rootfs/bin/tmp_guard"
    cp "$work/tg-plain/tmp_guard" "$g/rootfs/bin/tmp_guard_plain"
    cat > "$g/guest.sh" <<'GS'
# busybox runs the applet named by argv[0]: /tmp/true is `true`.
cp /bin/busybox /tmp/true && chmod 755 /tmp/true
for l in tmp_guard tmp_guard_plain; do
  $l /tmp/true 2>&1 | sed "s|^|$l |" | tee -a "$HG_RESULTS"
  $l /bin/true 2>&1 | sed "s|^|$l CONTROL |" | tee -a "$HG_RESULTS"
done
true
GS
    boot_guest "$image" "$g" "$loader"
    check() {  # check LOADER WANT
      local line ctl
      line=$(grep -a "^$1 EXEC " "$g/results.log" | head -n1)
      ctl=$(grep -a "^$1 CONTROL EXEC " "$g/results.log" | head -n1)
      if [[ "$ctl" != *" exit=0"* ]]; then
        echo "FAIL $1 on $ver: control /bin/true: ${ctl:-$(grep -a "^$1" "$g/results.log" | head -n 3 | tr '\n' '|')}"
        failed=$((failed + 1)); return
      fi
      case $2:$line in
        refused:*" errno=1 "*|ran:*" exit=0"*) echo "PASS $1 on $ver: /tmp/true $2 ($line)" ;;
        *) echo "FAIL $1 on $ver: expected /tmp/true $2, got: ${line:-no EXEC line: $(grep -a "^$1" "$g/results.log" | head -n 3 | tr '\n' '|')}"
           failed=$((failed + 1)) ;;
      esac
    }
    check tmp_guard refused
    if [ "$expect" = miscompiled ]; then check tmp_guard_plain ran; else check tmp_guard_plain refused; fi
  done
  [ "$failed" -eq 0 ] || die "$failed check(s) failed (logs: $work/guest-*)"
  ok "the skeleton loader refuses /tmp/true on $kernels when guarded" ;;

examples-qemu)
  # examples/xdp-fib-router and examples/snprintf-log: their own test.sh, run
  # by bash inside QEMU guests on an affected and on fixed kernels, with
  # iproute2's ip, bash and the runners copied in with their shared libraries,
  # and veth.ko from the kernel's own Debian package (fetch-modules). Where
  # Debian no longer serves the modules (6.19.6: no linux-modules-6.19.*),
  # xdp-fib-router's test.sh uses a netkit pair, built into Debian's kernels.
  need_prefix
  examples="xdp-fib-router snprintf-log"
  for e in $examples; do cmake_example "$e" "$work/ex-$e"; done
  kernels=${HG_INTEGRATION_EXAMPLE_KERNELS:-"6.17.13+deb13:affected 6.19.6+deb13:fixed 7.3.4+deb13:fixed"}
  loader=$("$root/scripts/kbench/build-loader") || die "building hg-loader failed"
  ip=$(command -v ip) || die "ip not found (install iproute2)"
  bash=$(command -v bash)
  bpftool=$(command -v bpftool) || die "bpftool not found (install bpftool)"
  failed=0 fib_fixed=0 fib_affected=0 xlated_summary=""
  declare -A xl_file=() xl_count=()
  # miscompiled_cases EXAMPLE: "COUNT REGEX": on an affected kernel the
  # unguarded build gets exactly COUNT results wrong, each INFO line matching
  # REGEX (COUNT "any": at least one, any line)
  miscompiled_cases() {
    case $1 in
      # the group-MAC refusal (`fib.dmac[0] & 1`) is gone: it forwards to the
      # multicast MAC, TTL decremented, nothing counted
      xdp-fib-router) echo "1 INFO xdp-fib-router unguarded -> 10\.77\.2\.3 .*: action=XDP_REDIRECT retval=4 fib_rc=0 egress_ifindex=[0-9]+ dmac=01:00:5e:00:00:01 .* ttl=63 csum=ok group_mac_drops=0$" ;;
      *) echo "any ." ;;
    esac
  }
  # with_libs ROOTFS FILE...: FILE and the shared libraries ldd names, at the
  # same paths under ROOTFS
  with_libs() {
    local r=$1 f l; shift
    for f in "$@"; do
      for l in $(ldd "$f" | grep -oE '/[^ ]+\.so[^ ]*'); do
        [ -e "$r$l" ] || { mkdir -p "$r$(dirname "$l")"; cp -L "$l" "$r$l"; }
      done
    done
  }
  for spec in $kernels; do
    k=${spec%%:*} expect=${spec#*:}
    ver=$("$root/scripts/kbench/fetch-kernel" --resolve "$k") || die "cannot resolve kernel $k"
    image=$("$root/scripts/kbench/fetch-kernel" "$ver") || die "cannot fetch kernel $ver"
    g=$work/ex-guest-$ver; fresh "$g"; r=$g/rootfs
    mkdir -p "$r/usr/local/bin" "$r/modules"
    # busybox's sh runs its own `ip` applet whatever PATH says: iproute2, bash and
    # bpftool go to /usr/local/bin, and test.sh runs under bash, which follows PATH.
    cp "$ip" "$bash" "$bpftool" "$r/usr/local/bin/"
    with_libs "$r" "$ip" "$bash" "$bpftool"
    if mods=$("$root/scripts/kbench/fetch-modules" "$ver" veth 2> "$g/fetch-modules.err"); then
      for m in $mods; do cp "$m" "$r/modules/"; done
    else
      # Loud: veth is a module in Debian's kernels; test.sh falls back to netkit.
      echo "NOTE xdp-fib-router on $ver: no veth module ($(tail -n1 "$g/fetch-modules.err")): its test.sh uses a netkit pair (CONFIG_NETKIT=y)"
    fi
    for e in $examples; do
      mkdir -p "$r/ex/$e"
      cp "$root/examples/$e/test.sh" "$r/ex/$e/"
      cp "$work/ex-$e"/*.bpf.o "$work/ex-$e"/*.report.json "$r/ex/$e/"
      for x in "$work/ex-$e"/*_run "$work/ex-$e"/*_run_plain; do
        cp "$x" "$r/ex/$e/"; with_libs "$r" "$x"
      done
    done
    cat > "$g/guest.sh" <<GS
export PATH=/usr/local/bin:\$PATH
mkdir -p /var/run/netns
for m in /modules/*.ko; do [ -e "\$m" ] && insmod "\$m"; done
for e in $examples; do
  /usr/local/bin/bash /ex/\$e/test.sh /ex/\$e > /tmp/out 2>&1
  echo "EXAMPLE \$e rc=\$?" >> /tmp/out
  sed "s|^|\$e: |" /tmp/out | tee -a "\$HG_RESULTS"
  # What the verifier made of each object (the evidence of a removed branch).
  for o in /ex/\$e/*.bpf.o; do
    n=\$(basename "\$o" .bpf.o)
    if bpftool prog load "\$o" "/sys/fs/bpf/\$n" 2> /tmp/bpftool.err; then
      bpftool prog dump xlated pinned "/sys/fs/bpf/\$n" | sed "s|^|XLATED \$n |" >> "\$HG_RESULTS"
      rm -f "/sys/fs/bpf/\$n"
    else
      sed "s|^|XLATED \$n load failed: |" /tmp/bpftool.err >> "\$HG_RESULTS"
    fi
  done
done
true
GS
    boot_guest "$image" "$g" "$loader"
    res=$g/results.log
    for e in $examples; do
      erc=$(sed -n "s/^$e: EXAMPLE $e rc=//p" "$res")
      for b in guarded unguarded; do
        n_pass=$(grep -ac "^$e: PASS $e $b" "$res" || true)
        n_info=$(grep -ac "^$e: INFO $e $b" "$res" || true)
        n_fail=$(grep -ac "^$e: FAIL $e $b" "$res" || true)
        what="$n_pass correct, $n_info differ, $n_fail failed (test.sh rc=${erc:-none})"
        if [ "$b" = unguarded ] && [ "$expect" = affected ]; then
          # The miscompile must show: the expected results differ (and only
          # they), none fails otherwise.
          read -r want_n want_re <<< "$(miscompiled_cases "$e")"
          n_match=$(grep -a "^$e: INFO $e $b" "$res" | sed "s/^$e: //" | grep -cE -- "$want_re" || true)
          if [ "$n_info" -gt 0 ] && [ "$n_match" -eq "$n_info" ] && [ "$n_fail" -eq 0 ] && [ "$erc" = 0 ] &&
             { [ "$want_n" = any ] || [ "$n_info" -eq "$want_n" ]; }; then
            echo "PASS $e $ver $b: miscompiled as expected: $what"
          else
            echo "FAIL $e $ver $b: expected the miscompile to show ($want_n result(s) differing like '$want_re'): $what"
            failed=$((failed + 1))
          fi
          # each INFO line with its continuation lines (indented)
          awk -v p="^$e: INFO $e $b" -v c="^$e:     " \
            '$0 ~ p { on = 1; print; next } on && $0 ~ c { print; next } { on = 0 }' "$res" | sed 's/^/    /'
        elif [ "$n_pass" -gt 0 ] && [ "$n_info" -eq 0 ] && [ "$n_fail" -eq 0 ] && [ "$erc" = 0 ]; then
          echo "PASS $e $ver $b: correct: $what"
        else
          echo "FAIL $e $ver $b: $what"; failed=$((failed + 1))
          { grep -a "^$e: \(FAIL\|  \)" "$res" || true; } | head -n 20 | sed 's/^/    /'
        fi
      done
      if [ "$e" = xdp-fib-router ]; then
        if [ "$expect" = affected ]; then fib_affected=1; else fib_fixed=1; fi
        echo "  $(grep -a -m1 "^$e: xdp-fib-router: devices:" "$res" | sed "s/^$e: xdp-fib-router: //") on $ver"
      fi
      [ -n "$erc" ] || { echo "FAIL $e $ver: test.sh did not finish"; failed=$((failed + 1)); }
    done
    for o in $(sed -n 's/^XLATED \([^ ]*\) .*/\1/p' "$res" | sort -u); do
      grep -a "^XLATED $o " "$res" | sed "s/^XLATED $o //" > "$g/xlated-$o.txt"
      n=$(grep -cE '^ *[0-9]+: ' "$g/xlated-$o.txt" || true)
      [ -n "${xl_file[$o:$expect]:-}" ] || { xl_file[$o:$expect]=$g/xlated-$o.txt; xl_count[$o:$expect]=$n; }
      xlated_summary+="  $o on $ver: $n insns, $(grep -cE '^ *[0-9]+: .*goto' "$g/xlated-$o.txt" || true) jumps ($g/xlated-$o.txt)"$'\n'
    done
  done
  echo "What the verifier left of each object (bpftool prog dump xlated):"
  printf '%s' "$xlated_summary"
  # The evidence: the unguarded object loses instructions on the affected
  # kernel (the branch the verifier believed dead).
  for e in $examples; do
    o=${e//-/_}_plain
    a=${xl_count[$o:affected]:-} f=${xl_count[$o:fixed]:-}
    if [ -z "$a" ] || [ -z "$f" ]; then
      echo "FAIL $e: no xlated dump of $o on both an affected and a fixed kernel"; failed=$((failed + 1)); continue
    fi
    removed=$(diff <(grep '^;' "${xl_file[$o:affected]}") <(grep '^;' "${xl_file[$o:fixed]}") | sed -n 's/^> ; */    /p' | awk '!seen[$0]++' || true)
    case $((f - a)) in
      0|-*)
        echo "FAIL $e: unguarded $o has $a xlated insns on the affected kernel, $f on the fixed one"
        failed=$((failed + 1)) ;;
      *) echo "PASS $e: the affected kernel removed $((f - a)) of $f insns of unguarded $o; the source lines gone:"
        echo "$removed" ;;
    esac
  done
  [ "$fib_affected" -eq 1 ] && [ "$fib_fixed" -eq 1 ] ||
    { echo "FAIL xdp-fib-router did not run on both an affected and a fixed kernel"; failed=$((failed + 1)); }
  [ "$failed" -eq 0 ] || die "$failed check(s) failed (logs: $work/ex-guest-*)"
  ok "test.sh of $examples in guests: $kernels" ;;

xdp-fib-router|snprintf-log)
  need_prefix; need_root
  cmake_example "$step" "$work/$step"
  if [ "$step" = xdp-fib-router ]; then
    expect_remark "$work/$step.build.log" "bpf_fib_lookup writes 'fib'"
    grep -q "xdp_fib_router.bpf.o: 1 program(s), .* 0 hazardous on kernels" "$work/$step.build.log" ||
      die "helperguard check (CHECK) did not pass on the guarded object"
    # The unguarded object is what `helperguard check` exists to catch.
    if out=$("$prefix/bin/helperguard" check "$work/$step/xdp_fib_router_plain.bpf.o" 2>&1); then
      echo "$out"; die "helperguard check passed the unguarded object"
    fi
    grep -q "hazard: bpf_fib_lookup in xdp_fib_router" <<< "$out" || {
      echo "$out"; die "helperguard check did not report the bpf_fib_lookup hazard in the unguarded object"; }
    ok "remark, CHECK clean on the guarded object; helperguard check flags the unguarded one"
  fi
  "$root/examples/$step/test.sh" "$work/$step" || die "examples/$step/test.sh failed"
  ok "built from the install tree; test.sh passed" ;;

*) echo "run.sh: unknown step '$step'" >&2; exit 2 ;;
esac
