//===- ReadOnlyArgs.h - Read-only memory a kernel refuses -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides on which targeted kernels the verifier refuses a helper call
// because of the read-only memory it passes as a memory argument, from what
// each kernel's prototype declares for the argument (FORMAT.md,
// "Declaration"):
//
//  * Read-only memory (a register of type PTR_TO_MEM | MEM_RDONLY: what
//    bpf_dynptr_slice() returns, and bpf_this_cpu_ptr()/bpf_per_cpu_ptr() of
//    a ksym that is not a struct) is refused by an argument whose
//    declaration lacks MEM_RDONLY ("R1 type=rdonly_mem expected=fp, pkt,
//    ..."), from 5.17, the release that brought MEM_RDONLY (before it those
//    registers were writable memory). bpf_kallsyms_lookup_name and the
//    bpf_tcp_raw_*_syncookie_* helpers got MEM_RDONLY only with upstream
//    802eef5afb18 (7.0; stable 6.18.14, 6.19.4).
//  * A read-only map's value (libbpf's .rodata, BPF_F_RDONLY_PROG) is
//    refused by an argument declared written ("write into map forbidden");
//    read, it loads on every kernel (measured on 6.17.13).
//
// Only kernels of the availability coverage that a declaration covers are
// judged: where nothing is known, nothing is said. A release (`uname -r`)
// is judged by the declarations of its upstream version, if it has one.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_READONLYARGS_H
#define HELPERGUARD_READONLYARGS_H

#include "helperguard/HelperDB.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace helperguard {

/// The kinds of read-only memory a program passes to a helper.
enum class ReadOnlyMemory {
  RdonlyMem, ///< PTR_TO_MEM | MEM_RDONLY
  RdonlyMap, ///< a value of a read-only map (.rodata)
};

/// "read-only memory (PTR_TO_MEM | MEM_RDONLY)", "a read-only map value
/// (.rodata)".
std::string readOnlyMemoryName(ReadOnlyMemory M);

/// The kernels of Targets that refuse memory of kind M passed as argument
/// ArgNo (1-based) of helper H from a program of one of ProgTypes (empty: the
/// type is not known, every prototype of H may apply). With several possible
/// prototypes, only the kernels that refuse it under every one.
KernelSet readOnlyRefusedKernels(const HelperDB &DB, const Helper &H,
                                 llvm::ArrayRef<std::string> ProgTypes,
                                 unsigned ArgNo, ReadOnlyMemory M,
                                 const KernelSet &Targets);

/// "bpf_x's argument 1 does not take read-only memory (PTR_TO_MEM |
/// MEM_RDONLY) on 6.1-6.18.12": one line, no location.
std::string describeReadOnlyProblem(const Helper &H, unsigned ArgNo,
                                    ReadOnlyMemory M, const KernelSet &K);

/// How to make the call load everywhere.
std::string readOnlyFix(ReadOnlyMemory M);

} // namespace helperguard

#endif // HELPERGUARD_READONLYARGS_H
