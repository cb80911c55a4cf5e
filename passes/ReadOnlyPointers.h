//===- ReadOnlyPointers.h - Pointers typed read-only ------------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Decides which IR pointers the verifier will type as read-only memory
// (helper-db/include/helperguard/ReadOnlyArgs.h says which kernels refuse
// them as a helper's memory argument):
//
//  * PTR_TO_MEM | MEM_RDONLY: the result of the kfunc bpf_dynptr_slice()
//    (never bpf_dynptr_slice_rdwr()), and of bpf_this_cpu_ptr() or
//    bpf_per_cpu_ptr() applied to a ksym (an `extern ... __ksym` global)
//    whose type is not a struct (a struct gives PTR_TO_BTF_ID);
//  * a read-only map value: a constant global, which libbpf places in the
//    frozen .rodata map (BPF_F_RDONLY_PROG).
//
// Through casts, GEPs and PHIs/selects whose every input is the same kind.
// Anything else (a pointer loaded from memory, a function argument, a map
// declared BPF_F_RDONLY_PROG by the user) is not judged.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERGUARD_PASSES_READONLYPOINTERS_H
#define HELPERGUARD_PASSES_READONLYPOINTERS_H

#include "helperguard/ReadOnlyArgs.h"

#include <optional>

namespace llvm {
class Value;
} // namespace llvm

namespace helperguard {

/// The read-only memory V points into, or std::nullopt when it is not
/// read-only or cannot be told.
std::optional<ReadOnlyMemory> readOnlyMemoryOf(const llvm::Value *V);

} // namespace helperguard

#endif // HELPERGUARD_PASSES_READONLYPOINTERS_H
