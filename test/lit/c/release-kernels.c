// Kernels named by `uname -r` (FORMAT.md, "Release"; docs/fleet.md): the
// guard follows what was measured on the named build, not its number.
//
// Real measurements under vendor names: the committed probe of Debian's
// 6.17.13 (affected) as "6.17.0-8-generic", of 6.19.6 (fixed) as
// "6.12.0-55.el10.x86_64", of 6.18.5 (fixed for bpf_d_path only) as
// "6.18.0-5-vendor". Every pair must be guarded for the first, left alone
// byte for byte for the second, and for the third guarded except bpf_d_path.
// A build nobody measured is guarded, with a warning that says how to
// measure it; a Debian build the database measured is its version.
//
// RUN: python3 %inputs/probe-to-release.py %srcroot/helper-db/extracted/probe-6.17.13+deb13.json 6.17.0-8-generic > %t.affected.json
// RUN: python3 %inputs/probe-to-release.py %srcroot/helper-db/extracted/probe-6.19.6+deb13.json 6.12.0-55.el10.x86_64 > %t.fixed.json
// RUN: python3 %inputs/probe-to-release.py %srcroot/helper-db/extracted/probe-6.18.5+deb13.json 6.18.0-5-vendor > %t.dpath-fixed.json
// RUN: %helperguard db merge %t.affected.json %t.fixed.json %t.dpath-fixed.json -o %t.fleet.json 2>&1 | FileCheck %s --check-prefix=MERGE
// MERGE: {{.*}}fleet.json: 3 releases from 3 files
// RUN: %bpfcc-plain %{SNPRINTF_XDP} -c -o %t.SNPRINTF_XDP.plain.o %s
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_XDP.aff.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.SNPRINTF_XDP.fix.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --check-prefix=ALONE
// RUN: %cmp-code %t.SNPRINTF_XDP.plain.o %t.SNPRINTF_XDP.fix.o
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_XDP.unm.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_XDP.deb.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{SNPRINTF_TC} -c -o %t.SNPRINTF_TC.plain.o %s
// RUN: %bpfcc %{SNPRINTF_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_TC.aff.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.SNPRINTF_TC.fix.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --check-prefix=ALONE
// RUN: %cmp-code %t.SNPRINTF_TC.plain.o %t.SNPRINTF_TC.fix.o
// RUN: %bpfcc %{SNPRINTF_TC} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_TC.unm.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{SNPRINTF_TC} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_TC.deb.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{SNPRINTF_KPROBE} -c -o %t.SNPRINTF_KPROBE.plain.o %s
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_KPROBE.aff.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.SNPRINTF_KPROBE.fix.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --check-prefix=ALONE
// RUN: %cmp-code %t.SNPRINTF_KPROBE.plain.o %t.SNPRINTF_KPROBE.fix.o
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_KPROBE.unm.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_KPROBE.deb.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{FIB_XDP} -c -o %t.FIB_XDP.plain.o %s
// RUN: %bpfcc %{FIB_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.FIB_XDP.aff.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --check-prefix=GUARDED
// RUN: %bpfcc %{FIB_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.FIB_XDP.fix.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --check-prefix=ALONE
// RUN: %cmp-code %t.FIB_XDP.plain.o %t.FIB_XDP.fix.o
// RUN: %bpfcc %{FIB_XDP} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.FIB_XDP.unm.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{FIB_XDP} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.FIB_XDP.deb.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{FIB_TC} -c -o %t.FIB_TC.plain.o %s
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.FIB_TC.aff.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --check-prefix=GUARDED
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.FIB_TC.fix.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --check-prefix=ALONE
// RUN: %cmp-code %t.FIB_TC.plain.o %t.FIB_TC.fix.o
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.FIB_TC.unm.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.FIB_TC.deb.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{GET_STACK_RAWTP} -c -o %t.GET_STACK_RAWTP.plain.o %s
// RUN: %bpfcc %{GET_STACK_RAWTP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.GET_STACK_RAWTP.aff.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --check-prefix=GUARDED
// RUN: %bpfcc %{GET_STACK_RAWTP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.GET_STACK_RAWTP.fix.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --check-prefix=ALONE
// RUN: %cmp-code %t.GET_STACK_RAWTP.plain.o %t.GET_STACK_RAWTP.fix.o
// RUN: %bpfcc %{GET_STACK_RAWTP} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.GET_STACK_RAWTP.unm.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{GET_STACK_RAWTP} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.GET_STACK_RAWTP.deb.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{SNPRINTF_BTF_KPROBE} -c -o %t.SNPRINTF_BTF_KPROBE.plain.o %s
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_BTF_KPROBE.aff.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.SNPRINTF_BTF_KPROBE.fix.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --check-prefix=ALONE
// RUN: %cmp-code %t.SNPRINTF_BTF_KPROBE.plain.o %t.SNPRINTF_BTF_KPROBE.fix.o
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_BTF_KPROBE.unm.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_BTF_KPROBE.deb.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{BRANCH_PERF} -c -o %t.BRANCH_PERF.plain.o %s
// RUN: %bpfcc %{BRANCH_PERF} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.BRANCH_PERF.aff.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --check-prefix=GUARDED
// RUN: %bpfcc %{BRANCH_PERF} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.BRANCH_PERF.fix.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --check-prefix=ALONE
// RUN: %cmp-code %t.BRANCH_PERF.plain.o %t.BRANCH_PERF.fix.o
// RUN: %bpfcc %{BRANCH_PERF} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.BRANCH_PERF.unm.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{BRANCH_PERF} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.BRANCH_PERF.deb.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{D_PATH_LSM} -c -o %t.D_PATH_LSM.plain.o %s
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_LSM.aff.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --check-prefix=GUARDED
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.D_PATH_LSM.fix.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --check-prefix=ALONE
// RUN: %cmp-code %t.D_PATH_LSM.plain.o %t.D_PATH_LSM.fix.o
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_LSM.unm.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_LSM.deb.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc-plain %{D_PATH_FENTRY} -c -o %t.D_PATH_FENTRY.plain.o %s
// RUN: %bpfcc %{D_PATH_FENTRY} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.17.0-8-generic \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_FENTRY.aff.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --check-prefix=GUARDED
// RUN: %bpfcc %{D_PATH_FENTRY} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.12.0-55.el10.x86_64 \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.D_PATH_FENTRY.fix.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --check-prefix=ALONE
// RUN: %cmp-code %t.D_PATH_FENTRY.plain.o %t.D_PATH_FENTRY.fix.o
// RUN: %bpfcc %{D_PATH_FENTRY} -mllvm -bpf-helperguard-kernels=6.12.0-99.el10.x86_64 \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_FENTRY.unm.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --check-prefixes=GUARDED,UNMEASURED
// RUN: %bpfcc %{D_PATH_FENTRY} -mllvm -bpf-helperguard-kernels=6.17.13+deb13-cloud-amd64 \
// RUN:   -Rpass=helperguard -c -o %t.D_PATH_FENTRY.deb.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --check-prefix=GUARDED --implicit-check-not=warning
// RUN: %bpfcc %{SNPRINTF_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_XDP.dp.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_XDP} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_TC.dp.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_TC} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_KPROBE.dp.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_KPROBE} --check-prefix=GUARDED
// RUN: %bpfcc %{FIB_XDP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.FIB_XDP.dp.o %s 2>&1 | FileCheck %s %{vars-FIB_XDP} --check-prefix=GUARDED
// RUN: %bpfcc %{FIB_TC} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.FIB_TC.dp.o %s 2>&1 | FileCheck %s %{vars-FIB_TC} --check-prefix=GUARDED
// RUN: %bpfcc %{GET_STACK_RAWTP} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.GET_STACK_RAWTP.dp.o %s 2>&1 | FileCheck %s %{vars-GET_STACK_RAWTP} --check-prefix=GUARDED
// RUN: %bpfcc %{SNPRINTF_BTF_KPROBE} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.SNPRINTF_BTF_KPROBE.dp.o %s 2>&1 | FileCheck %s %{vars-SNPRINTF_BTF_KPROBE} --check-prefix=GUARDED
// RUN: %bpfcc %{BRANCH_PERF} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -c -o %t.BRANCH_PERF.dp.o %s 2>&1 | FileCheck %s %{vars-BRANCH_PERF} --check-prefix=GUARDED
// RUN: %bpfcc %{D_PATH_LSM} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.D_PATH_LSM.dp.o %s 2>&1 | FileCheck %s %{vars-D_PATH_LSM} --check-prefix=ALONE
// RUN: %cmp-code %t.D_PATH_LSM.plain.o %t.D_PATH_LSM.dp.o
// RUN: %bpfcc %{D_PATH_FENTRY} -mllvm -bpf-helperguard-db=%t.fleet.json -mllvm -bpf-helperguard-kernels=6.18.0-5-vendor \
// RUN:   -Rpass=helperguard -Rpass-analysis=helperguard -c -o %t.D_PATH_FENTRY.dp.o %s 2>&1 | FileCheck %s %{vars-D_PATH_FENTRY} --check-prefix=ALONE
// RUN: %cmp-code %t.D_PATH_FENTRY.plain.o %t.D_PATH_FENTRY.dp.o
//
// The object checker and `db hazards` read the same names.
// RUN: not %helperguard check --db %t.fleet.json --kernels 6.17.0-8-generic %t.SNPRINTF_XDP.plain.o | FileCheck %s --check-prefix=CHECK-AFF
// CHECK-AFF: bpf_snprintf{{.*}}6.17.0-8-generic
// RUN: %helperguard check --db %t.fleet.json --kernels 6.12.0-55.el10.x86_64 %t.SNPRINTF_XDP.plain.o
// RUN: %helperguard check --db %t.fleet.json --kernels 6.17.0-8-generic %t.SNPRINTF_XDP.aff.o
// RUN: not %helperguard check --kernels 6.12.0-99.el10.x86_64 %t.SNPRINTF_XDP.plain.o 2>&1 | FileCheck %s --check-prefix=CHECK-UNM
// CHECK-UNM: helperguard: warning: kernel '6.12.0-99.el10.x86_64' is a build the helper database has no measurement of
// RUN: %helperguard db hazards --db %t.fleet.json --kernel 6.12.0-55.el10.x86_64 | FileCheck %s --check-prefix=HAZ-FIX
// HAZ-FIX: no stale helper arguments
// RUN: %helperguard db hazards --db %t.fleet.json --kernel 6.18.0-5-vendor --prog-type lsm | FileCheck %s --check-prefix=HAZ-DP --implicit-check-not=bpf_d_path
// HAZ-DP: bpf_get_stack (67) arg2

#include "pairs.h"

SEC(PROG_SEC) int prog(CTX *ctx)
{
	char buf[BUF_SIZE] = {};

	WRITE(ctx, buf, sizeof(buf));
	if (buf[0] == 'a')
		return 1;
	return 2;
}

// UNMEASURED: warning: helperguard: kernel '6.12.0-99.el10.x86_64' is a build the helper database has no measurement of; a version number is not evidence of what a vendor kernel's verifier does, so it is guarded as every kernel is. Measure: run 'helperguard probe --json FILE' on that kernel, then add -bpf-helperguard-db=FILE
// GUARDED: remark: guarded: [[HELPER]] writes 'buf'
// ALONE: remark: [[HELPER]] left alone
