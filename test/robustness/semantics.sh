#!/usr/bin/env bash
# semantics.sh [--plugin PATH] [--kernel VER] [--inputs N] [--seed S] [--keep]
#
# Semantics check of the guard (issue 8): the guarded program computes
# exactly what the unguarded one computes. Compiles, with clang-22, without
# and with -fpass-plugin=PATH, every program of the guard suite that
# BPF_PROG_TEST_RUN can run:
#   test/matrix/progs/*.bpf.c, test/kernel/progs/*.bpf.c, examples/*/*.bpf.c
#   test/lit/c/*.c, once per xdp/tc pair its RUN lines use (-DPAIR_SNPRINTF_XDP,
#     -DPAIR_SNPRINTF_TC, -DPAIR_FIB_XDP, -DPAIR_FIB_TC; -I test/lit/Inputs),
#     and the lit files without a pair that have xdp/tc programs;
# boots ONE fixed kernel (default 6.19.6+deb13) once with all objects
# (scripts/kbench/run-guest), runs `hg-loader semantics` (test/kernel/loader.c)
# on each: every xdp/tc/socket-filter/raw_tp/syscall program over N generated
# inputs (default 200, seed 1; the same inputs for both builds), and checks
# that every input gives the same (retval or errno, data_out size and hash,
# ctx_out hash) in both builds. Every plain object runs twice: a program
# whose two identical runs differ is reported as nondeterministic and not
# compared; sources marked "HG-SEMANTICS: nondeterministic" are not built. Programs of other types are not runnable
# (SKIP lines of the loader, not counted); a program that fails to load in
# both builds is counted as "not loadable", in one build only it FAILs.
#
# Prints "PASS <object>:<program> ..." / "FAIL ..." per program and ends with
# "N passed, M failed"; exits non-zero on any failure, and when the kernel
# cannot be fetched or booted, QEMU is missing, or nothing was compared.
# Environment: CLANG (clang-22), HG_GUEST_ACCEL (default kvm, falling back to
# tcg), HG_GUEST_TIMEOUT (default 900).
# Logs: build/kbench/semantics.XXXXXX/ (removed after a clean run unless --keep).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
kbench=$root/scripts/kbench

plugin=$root/build/lib/HelperGuard.so
kernel=6.19.6+deb13
inputs=200
seed=1
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --plugin) plugin=${2:?--plugin needs a path}; shift 2 ;;
    --kernel) kernel=${2:?--kernel needs a version}; shift 2 ;;
    --inputs) inputs=${2:?--inputs needs a number}; shift 2 ;;
    --seed)   seed=${2:?--seed needs a number}; shift 2 ;;
    --keep)   keep=1; shift ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "semantics.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "FAIL setup ($*)"; echo "0 passed, 1 failed"; exit 1; }
CLANG=${CLANG:-clang-22}
command -v "$CLANG" >/dev/null || die "$CLANG not found"
[ -f "$plugin" ] || die "plugin $plugin not built"
command -v python3 >/dev/null || die "python3 not found"

mkdir -p "$root/build/kbench"
work=$(mktemp -d "$root/build/kbench/semantics.XXXXXX")
ok=0
cleanup() {
  if [ "$keep" -eq 0 ] && [ "$ok" -eq 1 ]; then rm -rf "$work"
  else echo "logs: $work" >&2; fi
}
trap cleanup EXIT
guest=$work/guest
mkdir -p "$guest" "$work/logs"

# --- builds ------------------------------------------------------------------
CFLAGS=(-O2 -g -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu)
nobj=0 changed=0
build_pair() {   # build_pair NAME SRC [EXTRA...]: NAME.plain.o and NAME.guarded.o
  local name=$1 src=$2; shift 2
  if ! "$CLANG" "${CFLAGS[@]}" "$@" -c "$src" -o "$guest/$name.plain.o" \
         > "$work/logs/$name.plain.log" 2>&1 ||
     ! "$CLANG" "${CFLAGS[@]}" "$@" -fpass-plugin="$plugin" -c "$src" \
         -o "$guest/$name.guarded.o" > "$work/logs/$name.guarded.log" 2>&1; then
    die "compiling ${src#"$root"/} $*: $(tail -n 3 "$work/logs/$name".*.log | tr '\n' ' ')"
  fi
  nobj=$((nobj + 1))
  cmp -s "$guest/$name.plain.o" "$guest/$name.guarded.o" || changed=$((changed + 1))
}
runnable='SEC\("(xdp|tc|tcx|classifier|action|socket|raw_tp|raw_tracepoint|syscall)'
# A source that reads memory it never wrote by design (a negative lit test of
# an uninitialised buffer) says so with "HG-SEMANTICS: nondeterministic" and
# is not built: its result depends on what the kernel left on the stack.
nondet() {
  grep -q 'HG-SEMANTICS: nondeterministic' "$1" || return 1
  echo "INFO ${1#"$root"/}: not compared (reads uninitialised memory by design)" >&2
}
for src in "$root"/test/matrix/progs/*.bpf.c "$root"/test/kernel/progs/*.bpf.c \
           "$root"/examples/*/*.bpf.c; do
  grep -Eq "$runnable" "$src" || continue
  nondet "$src" && continue
  # test/matrix/progs/x.bpf.c -> matrix-x, examples/tmp-guard/y.bpf.c -> tmp-guard-y
  d=${src%/*}; [ "${d##*/}" = progs ] && d=${d%/progs}
  d=${d##*/}; n=${src##*/}; n=${n%.bpf.c}
  build_pair "$d-$n" "$src"
done
# A source whose every program sits under a -D of its RUN lines that this
# script does not give says "HG-SEMANTICS: not-runnable" and why.
notrunnable() {
  grep -q 'HG-SEMANTICS: not-runnable' "$1" || return 1
  echo "INFO ${1#"$root"/}: not compared (no program without its RUN lines' -D)" >&2
}
for src in "$root"/test/lit/c/*.c; do
  nondet "$src" && continue
  notrunnable "$src" && continue
  n=${src##*/}; n=${n%.c}
  pairs=$(grep -o '%{\(SNPRINTF_XDP\|SNPRINTF_TC\|FIB_XDP\|FIB_TC\)}' "$src" | tr -d '%{}' | sort -u || true)
  if [ -n "$pairs" ]; then
    for p in $pairs; do build_pair "lit-$n-$p" "$src" -I "$root/test/lit/Inputs" "-DPAIR_$p"; done
  elif ! grep -q pairs.h "$src" && grep -Eq "$runnable" "$src" && grep -q 'RUN: %bpfcc' "$src"; then
    build_pair "lit-$n" "$src" -I "$root/test/lit/Inputs"
  fi
done
echo "INFO $nobj programs' sources built twice; $changed guarded objects differ from the unguarded ones" >&2

# --- the guest ---------------------------------------------------------------
loader=$("$kbench/build-loader") || die "building hg-loader failed"
cat > "$guest/guest.sh" <<EOF
# generated by test/robustness/semantics.sh
# Each plain object runs twice on the same inputs (the second run as
# NAME.replay): a program whose two runs differ is nondeterministic (it reads
# memory nobody wrote) and is reported, never compared.
run_obj() {
  echo "OBJ \$2" >> "\$HG_RESULTS"
  hg-loader semantics "\$1" --inputs $inputs --seed $seed >> "\$HG_RESULTS" 2>/tmp/err
  echo "OBJEND \$2 rc=\$?" >> "\$HG_RESULTS"
  grep -v '^libbpf: *\$' /tmp/err | tail -n 5 | sed "s|^|\$2: |"
}
for o in /progs/*.o; do
  name=\${o##*/}; name=\${name%.o}
  run_obj "\$o" "\$name"
  case \$name in *.plain) run_obj "\$o" "\${name%.plain}.replay" ;; esac
done
true
EOF
ver=$("$kbench/fetch-kernel" --resolve "$kernel" 2> "$work/fetch.log") &&
  image=$("$kbench/fetch-kernel" "$ver" 2>> "$work/fetch.log") ||
  die "kernel $kernel: cannot fetch: $(grep -i error "$work/fetch.log" | tail -n 1)"
set +e
HG_LOADER=$loader HG_GUEST_ACCEL=${HG_GUEST_ACCEL:-kvm} \
  HG_GUEST_TIMEOUT=${HG_GUEST_TIMEOUT:-900} \
  "$kbench/run-guest" "$image" "$guest" 2> "$work/run-guest.err"
grc=$?
set -e
if [ "$grc" -ge 2 ]; then
  cat "$work/run-guest.err" >&2
  die "boot $ver: $(head -n 1 "$work/run-guest.err")"
fi
echo "INFO kernel $ver: $(tail -n 1 "$work/run-guest.err")" >&2

# --- the check ---------------------------------------------------------------
set +e
python3 "$here/semantics_check.py" "$guest/results.log" --inputs "$inputs"
rc=$?
set -e
[ "$rc" -eq 0 ] && ok=1
exit "$rc"
