#!/bin/sh
# SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
# plugin-other-llvm.sh OUTDIR SOURCE INCLUDE THIS_MAJOR THIS_CLANG THIS_PASS THIS_CLANGPLUGIN
#                      MAJOR:CLANG:PASS:CLANGPLUGIN...
# Loads the plugins of each other build into this LLVM's clang and this
# build's into each other clang (each plugin alone, then both), and prints
# one line a case: "ok" for an error with exit status 1 and no object;
# "BAD" for anything else (a crash, a "symbol lookup error", a compile that
# succeeds without the plugin), followed by clang's output.
out=$1 src=$2 inc=$3 major=$4 clang=$5 pass=$6 clangplugin=$7
shift 7
for other in "$@"; do
  omajor=${other%%:*} rest=${other#*:}
  oclang=${rest%%:*} rest=${rest#*:}
  opass=${rest%%:*} oclangplugin=${rest#*:}
  # "CLANG CLANG_MAJOR PASS CLANGPLUGIN PLUGIN_MAJOR"
  for pair in "$clang $major $opass $oclangplugin $omajor" \
              "$oclang $omajor $pass $clangplugin $major"; do
    set -- $pair
    cc=$1 ccmajor=$2 p=$3 cp=$4 pmajor=$5
    for flags in "-fpass-plugin=$p" "-fplugin=$p" "-fplugin=$cp" \
                 "-fplugin=$cp -fpass-plugin=$p"; do
      what="clang $ccmajor, plugins of LLVM $pmajor: $(echo "$flags" | sed 's|=[^ ]*/|=|g')"
      rm -f "$out/o.o"
      "$cc" -target bpf -O2 -I"$inc" $flags -c -o "$out/o.o" "$src" >"$out/log" 2>&1
      status=$?
      if grep -q "^error: unable to load plugin" "$out/log"; then
        by="clang's loader"
      elif grep -q "^error: helperguard: .* was built for LLVM $pmajor, but this compiler runs LLVM $ccmajor" "$out/log"; then
        by="the plugin"
      else
        by=""
      fi
      if [ "$status" = 1 ] && [ -n "$by" ] && [ ! -e "$out/o.o" ] &&
         ! grep -qE "PLEASE submit|Stack dump|symbol lookup error" "$out/log"; then
        echo "ok: $what: status 1, refused by $by"
      else
        echo "BAD: $what: status $status, object $( [ -e "$out/o.o" ] && echo written || echo absent)"
        sed 's/^/  | /' "$out/log"
      fi
    done
  done
done
