// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
// kextract: read the helper prototypes of the running kernel exactly as it
// was compiled (helperguard, issue 4, extractor 2).
//
//   kextract [OUT.json]
//
// Run as root (CAP_SYSLOG for /proc/kallsyms addresses, CAP_SYS_RAWIO for
// /proc/kcore), normally inside a QEMU guest booted by
// helper-db/extractors/extract-running. Reads:
//   /sys/kernel/btf/vmlinux  layout of struct bpf_func_proto and the
//                            enumerators of enum bpf_arg_type,
//                            bpf_type_flag, bpf_return_type
//   /proc/kallsyms           every data symbol (d D r R b B) whose name
//                            ends in "_proto" or contains "_proto_" (the
//                            candidates, duplicates of static symbols kept),
//                            every symbol for resolving pointers
//   /proc/kcore              the candidates' bytes (ELF core: PT_LOAD
//                            program headers map virtual address -> offset)
// A candidate is kept when it decodes as a struct bpf_func_proto: func is 0,
// BPF_PTR_POISON or the start of a text symbol (whose BTF prototype, when
// BTF has one, is the helper signature u64 (u64 x5)), the bool members are 0 or 1,
// ret_type and every argN_type have a known base enumerator and only known
// flag bits, allowed is 0 or a text symbol, ret_btf_id and the btf ids are
// 0, BPF_PTR_POISON or a kernel address, an ARG_DONTCARE argument has no
// size or btf id, and
// the candidate is not all zero and not shorter than the struct (the next
// symbol does not start inside it). Others are counted and listed as
// rejected, with the reason.
//
// Prints one JSON object (to OUT.json or stdout); helper-db/extractors/
// extract-running wraps it into helper-db/extracted/running-<ver>.json
// (format in helper-db/extracted/README.md). Exit status: 0 success; 1 a
// source (BTF, kallsyms data symbols, kcore) is missing or unusable.
#define _GNU_SOURCE
#include <bpf/btf.h>
#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define KEXTRACT_VERSION 1
#define BTF_PATH "/sys/kernel/btf/vmlinux"
#define KALLSYMS_PATH "/proc/kallsyms"
#define KCORE_PATH "/proc/kcore"
#define MAX_ARGS 16

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "kextract: error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

static void *xcalloc(size_t n, size_t s) {
  void *p = calloc(n ? n : 1, s);
  if (!p) die("out of memory");
  return p;
}

// ---------------------------------------------------------------- output --
static FILE *out;

static void jstr(const char *s) {
  fputc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c < 0x20) fprintf(out, "\\u%04x", c);
    else fputc(c, out);
  }
  fputc('"', out);
}

// ------------------------------------------------------------------- BTF --
static struct btf *btf;

struct member {            // a named member of struct bpf_func_proto, flattened
  char name[64];
  unsigned offset, size;   // bytes
  char type[96];           // rendered type ("bool", "enum bpf_arg_type[5]")
  unsigned count;          // array elements (1 for a scalar)
  unsigned elem_size;
};
static struct member members[64];
static int nmembers;
static unsigned proto_size;

static void render_type(__u32 id, char *buf, size_t len) {
  const struct btf_type *t = btf__type_by_id(btf, id);
  while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
    if (btf_is_typedef(t)) {   // keep typedef names (u32, size_t)
      snprintf(buf, len, "%s", btf__name_by_offset(btf, t->name_off));
      return;
    }
    t = btf__type_by_id(btf, t->type);
  }
  if (!t) { snprintf(buf, len, "?"); return; }
  const char *name = btf__name_by_offset(btf, t->name_off);
  switch (btf_kind(t)) {
  case BTF_KIND_INT: snprintf(buf, len, "%s", name); break;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64: snprintf(buf, len, "enum %s", name); break;
  case BTF_KIND_STRUCT: snprintf(buf, len, "struct %s", name); break;
  case BTF_KIND_UNION: snprintf(buf, len, "union %s", name); break;
  case BTF_KIND_PTR: {
    char inner[80];
    const struct btf_type *p = btf__type_by_id(btf, t->type);
    if (p && btf_is_func_proto(p)) snprintf(buf, len, "function pointer");
    else {
      render_type(t->type, inner, sizeof inner);
      snprintf(buf, len, "%s *", inner);
    }
    break;
  }
  default: snprintf(buf, len, "kind%u", btf_kind(t)); break;
  }
}

// Flatten the named members of a struct/union, descending into anonymous
// struct and union members (the argN_type / arg_type[] unions).
static void collect_members(const struct btf_type *t, unsigned base) {
  const struct btf_member *m = btf_members(t);
  for (int i = 0; i < btf_vlen(t); i++, m++) {
    const char *name = btf__name_by_offset(btf, m->name_off);
    unsigned off = base + btf_member_bit_offset(t, i) / 8;
    if (btf_member_bitfield_size(t, i))
      die("struct bpf_func_proto has a bitfield member '%s'; not supported", name);
    __u32 tid = m->type;
    const struct btf_type *mt = btf__type_by_id(btf, tid);
    while (mt && (btf_is_mod(mt) || btf_is_typedef(mt))) {
      tid = mt->type;
      mt = btf__type_by_id(btf, tid);
    }
    if (!mt) die("BTF: bad member type in struct bpf_func_proto");
    if (!name || !*name) {
      if (btf_is_struct(mt) || btf_is_union(mt)) collect_members(mt, off);
      continue;
    }
    if (nmembers == (int)(sizeof members / sizeof members[0]))
      die("struct bpf_func_proto has too many members");
    struct member *r = &members[nmembers++];
    snprintf(r->name, sizeof r->name, "%s", name);
    r->offset = off;
    __s64 sz = btf__resolve_size(btf, m->type);
    if (sz < 0) die("BTF: cannot size member '%s'", name);
    r->size = (unsigned)sz;
    r->count = 1;
    r->elem_size = r->size;
    if (btf_is_array(mt)) {
      const struct btf_array *a = btf_array(mt);
      char el[80];
      render_type(a->type, el, sizeof el);
      r->count = a->nelems;
      r->elem_size = a->nelems ? r->size / a->nelems : 0;
      snprintf(r->type, sizeof r->type, "%s[%u]", el, a->nelems);
    } else {
      render_type(m->type, r->type, sizeof r->type);
    }
  }
}

static const struct member *member(const char *name) {
  for (int i = 0; i < nmembers; i++)
    if (!strcmp(members[i].name, name)) return &members[i];
  return NULL;
}

// Where argument N (1-based) of FIELD ("type", "size", "btf_id") lives:
// argN_FIELD, else arg_FIELD[N-1]. Returns false when neither exists.
static bool arg_slot(const char *field, int n, unsigned *off, unsigned *size) {
  char name[64];
  snprintf(name, sizeof name, "arg%d_%s", n, field);
  const struct member *m = member(name);
  if (m) { *off = m->offset; *size = m->size; return true; }
  snprintf(name, sizeof name, "arg_%s", field);
  m = member(name);
  if (m && m->count > 1 && (unsigned)n <= m->count) {
    *off = m->offset + (n - 1) * m->elem_size;
    *size = m->elem_size;
    return true;
  }
  return false;
}

// The helper signature every .func has: u64 (*)(u64, u64, u64, u64, u64).
// Functions named in BTF (pahole encodes most non-inlined ones) are checked
// against it: a struct proto whose first member is .close = unix_close
// decodes like a prototype without arguments, the signature tells them apart.
struct btf_fn { const char *name; bool helper_sig; };
static struct btf_fn *btf_fns;
static size_t nbtf_fns;

static bool is_u64(__u32 id) {
  const struct btf_type *t = btf__type_by_id(btf, id);
  while (t && (btf_is_mod(t) || btf_is_typedef(t))) t = btf__type_by_id(btf, t->type);
  return t && btf_is_int(t) && t->size == 8;
}

static int cmp_btf_fn(const void *a, const void *b) {
  const struct btf_fn *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (int)x->helper_sig - (int)y->helper_sig;
}

static void load_btf_funcs(void) {
  __u32 n = btf__type_cnt(btf);
  btf_fns = xcalloc(n, sizeof *btf_fns);
  for (__u32 id = 1; id < n; id++) {
    const struct btf_type *t = btf__type_by_id(btf, id);
    if (!btf_is_func(t)) continue;
    const struct btf_type *fp = btf__type_by_id(btf, t->type);
    bool ok = fp && btf_is_func_proto(fp) && btf_vlen(fp) == 5 && is_u64(fp->type);
    for (int i = 0; ok && i < 5; i++) ok = is_u64(btf_params(fp)[i].type);
    btf_fns[nbtf_fns].name = btf__name_by_offset(btf, t->name_off);
    btf_fns[nbtf_fns++].helper_sig = ok;
  }
  qsort(btf_fns, nbtf_fns, sizeof *btf_fns, cmp_btf_fn);
}

// 1: BTF has NAME with the helper signature (one of several functions of
// that name is enough); 0: BTF has NAME, never with it; -1: not in BTF.
static int btf_helper_sig(const char *name) {
  size_t lo = 0, hi = nbtf_fns;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (strcmp(btf_fns[mid].name, name) < 0) lo = mid + 1; else hi = mid;
  }
  int r = -1;
  for (size_t i = lo; i < nbtf_fns && !strcmp(btf_fns[i].name, name); i++)
    r = btf_fns[i].helper_sig ? 1 : (r == 1 ? 1 : 0);
  return r;
}

struct enumerator { char name[96]; int64_t value; };
struct enumdef { const char *name; struct enumerator *e; int n; };
static struct enumdef e_arg = {.name = "bpf_arg_type"}, e_flag = {.name = "bpf_type_flag"},
                      e_ret = {.name = "bpf_return_type"};

// Returns false when BTF has no enum D and OPTIONAL is set (5.10-5.15 have
// no enum bpf_type_flag: their argN_type values are plain bases).
static bool load_enum(struct enumdef *d, bool optional) {
  __s32 id = btf__find_by_name_kind(btf, d->name, BTF_KIND_ENUM);
  if (id < 0) id = btf__find_by_name_kind(btf, d->name, BTF_KIND_ENUM64);
  if (id < 0 && optional) return false;
  if (id < 0) die("%s: no enum %s in the kernel's BTF", BTF_PATH, d->name);
  const struct btf_type *t = btf__type_by_id(btf, id);
  d->n = btf_vlen(t);
  d->e = xcalloc(d->n, sizeof *d->e);
  for (int i = 0; i < d->n; i++) {
    const char *nm;
    int64_t v;
    if (btf_is_enum64(t)) {
      const struct btf_enum64 *e = btf_enum64(t) + i;
      nm = btf__name_by_offset(btf, e->name_off);
      v = (int64_t)btf_enum64_value(e);
    } else {
      const struct btf_enum *e = btf_enum(t) + i;
      nm = btf__name_by_offset(btf, e->name_off);
      // kflag set: signed values
      v = btf_kflag(t) ? (int64_t)(int32_t)e->val : (int64_t)(uint32_t)e->val;
    }
    snprintf(d->e[i].name, sizeof d->e[i].name, "%s", nm);
    d->e[i].value = v;
  }
  return true;
}

static unsigned base_bits;
static const char *base_bits_from;
static uint64_t base_mask;

// The name of base value V in enum D: among the enumerators with that
// value, below the base limit, whose name does not start with "__", the
// first in strcmp order (no kernel seen has two; the order does not depend
// on BTF's, so crosscheck_running.py decodes the same from sorted JSON).
static const char *base_name(const struct enumdef *d, uint64_t v) {
  const char *best = NULL;
  for (int i = 0; i < d->n; i++)
    if ((uint64_t)d->e[i].value == v && d->e[i].value >= 0 &&
        (uint64_t)d->e[i].value <= base_mask && strncmp(d->e[i].name, "__", 2) &&
        (!best || strcmp(d->e[i].name, best) < 0))
      best = d->e[i].name;
  return best;
}

static const char *flag_name(uint64_t bit) {
  const char *best = NULL;
  for (int i = 0; i < e_flag.n; i++)
    if ((uint64_t)e_flag.e[i].value == bit && strncmp(e_flag.e[i].name, "__", 2) &&
        (!best || strcmp(e_flag.e[i].name, best) < 0))
      best = e_flag.e[i].name;
  return best;
}

// Decode RAW against enum D: "BASE|FLAG|FLAG" (flags in bit order). Returns
// false (with the reason in BUF) when the base or a flag bit is unknown.
static bool decode_type(const struct enumdef *d, uint64_t raw, char *buf, size_t len) {
  const char *b = base_name(d, raw & base_mask);
  if (!b) { snprintf(buf, len, "unknown %s base %llu", d->name,
                     (unsigned long long)(raw & base_mask)); return false; }
  size_t n = snprintf(buf, len, "%s", b);
  for (unsigned bit = base_bits; bit < 64; bit++) {
    if (!(raw >> bit & 1)) continue;
    const char *f = flag_name(1ULL << bit);
    if (!f) { snprintf(buf, len, "unknown %s flag bit %u in 0x%llx", d->name, bit,
                       (unsigned long long)raw); return false; }
    n += snprintf(buf + n, n < len ? len - n : 0, "|%s", f);
  }
  if (n >= len) { snprintf(buf, len, "decoded type too long"); return false; }
  return true;
}

// -------------------------------------------------------------- kallsyms --
struct sym { uint64_t addr; char type; char *name; char *mod; unsigned idx; };
static struct sym *syms;     // all symbols, kallsyms order
static size_t nsyms;
static struct sym **by_addr; // sorted by address, then kallsyms order
static size_t nby_addr;

static bool is_text(char t) { return strchr("tTwW", t) != NULL; }
static bool is_data(char t) { return strchr("dDrRbB", t) != NULL; }

static int cmp_addr(const void *a, const void *b) {
  const struct sym *x = *(struct sym *const *)a, *y = *(struct sym *const *)b;
  if (x->addr != y->addr) return x->addr < y->addr ? -1 : 1;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void load_kallsyms(void) {
  FILE *f = fopen(KALLSYMS_PATH, "r");
  if (!f) die("%s: %s (CONFIG_KALLSYMS?)", KALLSYMS_PATH, strerror(errno));
  size_t cap = 1 << 17;
  syms = xcalloc(cap, sizeof *syms);
  char line[1024];
  bool nonzero = false;
  while (fgets(line, sizeof line, f)) {
    char name[512], mod[256] = "";
    unsigned long long a;
    char t;
    int k = sscanf(line, "%llx %c %511s %255s", &a, &t, name, mod);
    if (k < 3) continue;
    if (nsyms == cap) {
      cap *= 2;
      syms = realloc(syms, cap * sizeof *syms);
      if (!syms) die("out of memory");
    }
    struct sym *s = &syms[nsyms];
    s->addr = a; s->type = t; s->name = strdup(name);
    s->mod = k == 4 ? strdup(mod) : NULL;
    s->idx = nsyms++;
    if (a) nonzero = true;
  }
  fclose(f);
  if (!nsyms) die("%s is empty", KALLSYMS_PATH);
  if (!nonzero)
    die("%s shows only zero addresses (not root, or kernel.kptr_restrict=2)", KALLSYMS_PATH);
  by_addr = xcalloc(nsyms, sizeof *by_addr);
  for (size_t i = 0; i < nsyms; i++) by_addr[nby_addr++] = &syms[i];
  qsort(by_addr, nby_addr, sizeof *by_addr, cmp_addr);
}

// index of the first symbol (by address) with address >= A
static size_t lower_bound(uint64_t a) {
  size_t lo = 0, hi = nby_addr;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (by_addr[mid]->addr < a) lo = mid + 1; else hi = mid;
  }
  return lo;
}

static bool is_prefix_alias(const char *n) {
  return !strncmp(n, "__pfx_", 6) || !strncmp(n, "__cfi_", 6);
}

// The text symbol starting exactly at A (not a __pfx_/__cfi_ padding
// symbol; the first in kallsyms order when several), or NULL.
static const struct sym *text_at(uint64_t a) {
  const struct sym *best = NULL;
  for (size_t i = lower_bound(a); i < nby_addr && by_addr[i]->addr == a; i++) {
    const struct sym *s = by_addr[i];
    if (!is_text(s->type) || is_prefix_alias(s->name)) continue;
    if (!best || s->idx < best->idx) best = s;
  }
  return best;
}

// The data symbol at or below A (nearest; the first in kallsyms order at
// that address), for resolving btf_id pointers.
static const struct sym *data_below(uint64_t a) {
  size_t i = lower_bound(a + 1);
  while (i > 0) {
    const struct sym *s = by_addr[--i];
    if (!is_data(s->type)) continue;
    uint64_t at = s->addr;
    const struct sym *best = s;
    while (i > 0 && by_addr[i - 1]->addr == at) {
      --i;
      if (is_data(by_addr[i]->type) && by_addr[i]->idx < best->idx) best = by_addr[i];
    }
    return best;
  }
  return NULL;
}

// Address of the next symbol (any type) strictly above A, 0 if none.
static uint64_t next_sym_addr(uint64_t a) {
  size_t i = lower_bound(a + 1);
  return i < nby_addr ? by_addr[i]->addr : 0;
}

static bool is_candidate(const struct sym *s) {
  if (!is_data(s->type)) return false;
  // the name without a compiler suffix (".0", ".constprop.0")
  char base[512];
  snprintf(base, sizeof base, "%s", s->name);
  char *dot = strchr(base, '.');
  if (dot) *dot = 0;
  size_t n = strlen(base);
  return (n > 6 && !strcmp(base + n - 6, "_proto")) || strstr(base, "_proto_") != NULL;
}

// ----------------------------------------------------------------- kcore --
static int kcore_fd = -1;
static Elf64_Phdr *phdrs;
static int nphdrs;

static void open_kcore(void) {
  kcore_fd = open(KCORE_PATH, O_RDONLY);
  if (kcore_fd < 0)
    die("%s: %s (CONFIG_PROC_KCORE, root with CAP_SYS_RAWIO, no lockdown)", KCORE_PATH,
        strerror(errno));
  Elf64_Ehdr eh;
  if (pread(kcore_fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh)
    die("%s: cannot read the ELF header: %s", KCORE_PATH, strerror(errno));
  if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_type != ET_CORE || eh.e_phentsize != sizeof(Elf64_Phdr) || !eh.e_phnum)
    die("%s: not a 64-bit ELF core", KCORE_PATH);
  nphdrs = eh.e_phnum;
  phdrs = xcalloc(nphdrs, sizeof *phdrs);
  ssize_t want = (ssize_t)nphdrs * sizeof *phdrs;
  if (pread(kcore_fd, phdrs, want, eh.e_phoff) != want)
    die("%s: cannot read the program headers", KCORE_PATH);
  int loads = 0;
  for (int i = 0; i < nphdrs; i++) loads += phdrs[i].p_type == PT_LOAD;
  if (!loads) die("%s: no PT_LOAD program headers", KCORE_PATH);
}

// Read LEN bytes at kernel virtual address A; false when not mapped.
static bool kread(uint64_t a, void *buf, size_t len) {
  for (int i = 0; i < nphdrs; i++) {
    const Elf64_Phdr *p = &phdrs[i];
    if (p->p_type != PT_LOAD || a < p->p_vaddr || a + len > p->p_vaddr + p->p_filesz)
      continue;
    return pread(kcore_fd, buf, len, p->p_offset + (a - p->p_vaddr)) == (ssize_t)len;
  }
  return false;
}

static uint64_t get_uint(const unsigned char *b, unsigned off, unsigned size) {
  uint64_t v = 0;
  memcpy(&v, b + off, size > 8 ? 8 : size);   // little endian (x86_64)
  return v;
}

// ---------------------------------------------------------------- decode --
static bool is_kernel_addr(uint64_t v) { return v >= 0xffff800000000000ULL; }
// BPF_PTR_POISON (0xeB9F + POISON_POINTER_DELTA, x86_64: 0xdead000000000000):
// bpf_tail_call_proto.func, bpf_kptr_xchg_proto's ret_btf_id and arg2 btf id.
#define BPF_PTR_POISON 0xdead00000000eb9fULL

struct ptrinfo { bool set, poison; char sym[512]; uint64_t off; bool have_id; uint32_t id; char type[160]; };

// A pointer to a BTF id (u32/int): its data symbol + offset, the id read
// through kcore and the BTF type it names.
static void resolve_btf_id_ptr(uint64_t p, struct ptrinfo *r) {
  memset(r, 0, sizeof *r);
  r->set = true;
  if (p == BPF_PTR_POISON) { r->poison = true; return; }
  const struct sym *s = data_below(p);
  if (s) { snprintf(r->sym, sizeof r->sym, "%s", s->name); r->off = p - s->addr; }
  uint32_t id;
  if (kread(p, &id, sizeof id)) {
    r->have_id = true;
    r->id = id;
    const struct btf_type *t = id ? btf__type_by_id(btf, id) : NULL;
    if (t) {
      const char *nm = btf__name_by_offset(btf, t->name_off);
      const char *kind = btf_is_struct(t) ? "struct " : btf_is_union(t) ? "union " : "";
      snprintf(r->type, sizeof r->type, "%s%s", kind, nm ? nm : "");
    }
  }
}

static void print_ptrinfo(const struct ptrinfo *r) {
  if (r->poison) { fprintf(out, "\"BPF_PTR_POISON\""); return; }
  fprintf(out, "{\"symbol\": ");
  if (r->sym[0]) jstr(r->sym); else fprintf(out, "null");
  fprintf(out, ", \"offset\": %llu, \"id\": ", (unsigned long long)r->off);
  if (r->have_id) fprintf(out, "%u", r->id); else fprintf(out, "null");
  fprintf(out, ", \"type\": ");
  if (r->type[0]) jstr(r->type); else fprintf(out, "null");
  fprintf(out, "}");
}

struct arginfo {
  int n; uint64_t raw; char type[256];
  bool has_size; uint64_t size; struct ptrinfo btf_id;
};
struct proto {
  const struct sym *s;
  const struct sym *func, *allowed;
  bool func_poison;
  bool gpl_only, pkt_access, might_sleep, allow_fastcall;
  char ret_type[256]; uint64_t ret_raw;
  struct ptrinfo ret_btf_id;
  struct arginfo args[MAX_ARGS]; int nargs;
};

static int nargs_layout;   // argument slots to decode
static bool size_btf_overlap;

// Decode candidate S; on failure return false with the reason in WHY.
static bool decode(const struct sym *s, struct proto *p, char *why, size_t wlen) {
  memset(p, 0, sizeof *p);
  p->s = s;
  unsigned char *b = xcalloc(1, proto_size);
  bool ok = false;
  uint64_t next = next_sym_addr(s->addr);
  if (next && next - s->addr < proto_size) {
    snprintf(why, wlen, "next symbol %llu bytes after it (struct is %u)",
             (unsigned long long)(next - s->addr), proto_size);
    goto done;
  }
  if (!kread(s->addr, b, proto_size)) {
    snprintf(why, wlen, "address not readable through %s", KCORE_PATH);
    goto done;
  }
  bool zero = true;
  for (unsigned i = 0; i < proto_size; i++) zero &= b[i] == 0;
  if (zero) { snprintf(why, wlen, "all zero"); goto done; }

  const struct member *m = member("func");
  uint64_t fn = get_uint(b, m->offset, m->size);
  if (fn == BPF_PTR_POISON) p->func_poison = true;
  else if (fn) {
    p->func = text_at(fn);
    if (!p->func) { snprintf(why, wlen, "func 0x%llx is not a text symbol",
                             (unsigned long long)fn); goto done; }
    if (btf_helper_sig(p->func->name) == 0) {
      snprintf(why, wlen, "func %s is not u64 (u64 x5) in BTF", p->func->name);
      goto done;
    }
  }
  const char *bools[] = {"gpl_only", "pkt_access", "might_sleep", "allow_fastcall"};
  bool *dst[] = {&p->gpl_only, &p->pkt_access, &p->might_sleep, &p->allow_fastcall};
  for (int i = 0; i < 4; i++) {
    if (!(m = member(bools[i]))) continue;
    uint64_t v = get_uint(b, m->offset, m->size);
    if (v > 1) { snprintf(why, wlen, "%s = %llu", bools[i], (unsigned long long)v); goto done; }
    *dst[i] = v;
  }
  m = member("ret_type");
  p->ret_raw = get_uint(b, m->offset, m->size);
  if (!decode_type(&e_ret, p->ret_raw, p->ret_type, sizeof p->ret_type)) {
    snprintf(why, wlen, "ret_type: %s", p->ret_type);
    goto done;
  }
  if ((m = member("ret_btf_id"))) {
    uint64_t v = get_uint(b, m->offset, m->size);
    if (v && !is_kernel_addr(v) && v != BPF_PTR_POISON) { snprintf(why, wlen, "ret_btf_id 0x%llx", (unsigned long long)v); goto done; }
    if (v) resolve_btf_id_ptr(v, &p->ret_btf_id);
  }
  if ((m = member("allowed"))) {
    uint64_t v = get_uint(b, m->offset, m->size);
    if (v && !(p->allowed = text_at(v))) {
      snprintf(why, wlen, "allowed 0x%llx is not a text symbol", (unsigned long long)v);
      goto done;
    }
  }
  for (int n = 1; n <= nargs_layout; n++) {
    unsigned off, sz;
    arg_slot("type", n, &off, &sz);
    uint64_t raw = get_uint(b, off, sz);
    uint64_t vsize = 0, vbtf = 0;
    if (arg_slot("size", n, &off, &sz)) vsize = get_uint(b, off, sz);
    if (arg_slot("btf_id", n, &off, &sz)) vbtf = get_uint(b, off, sz);
    if (!raw) {
      if (!size_btf_overlap && (vsize || vbtf)) {
        snprintf(why, wlen, "arg%d: ARG_DONTCARE with a size or btf_id", n);
        goto done;
      }
      if (size_btf_overlap && vsize) {
        snprintf(why, wlen, "arg%d: ARG_DONTCARE with size/btf_id 0x%llx", n,
                 (unsigned long long)vsize);
        goto done;
      }
      continue;
    }
    struct arginfo *a = &p->args[p->nargs++];
    a->n = n;
    a->raw = raw;
    if (!decode_type(&e_arg, raw, a->type, sizeof a->type)) {
      snprintf(why, wlen, "arg%d: %s", n, a->type);
      goto done;
    }
    // arg_size and arg_btf_id share a union on every kernel seen: a kernel
    // address is a btf_id pointer, anything else a size.
    if (size_btf_overlap) {
      if (vsize && (is_kernel_addr(vsize) || vsize == BPF_PTR_POISON)) resolve_btf_id_ptr(vsize, &a->btf_id);
      else if (vsize) { a->has_size = true; a->size = vsize; }
    } else {
      if (vsize) { a->has_size = true; a->size = vsize; }
      if (vbtf) {
        if (!is_kernel_addr(vbtf) && vbtf != BPF_PTR_POISON) { snprintf(why, wlen, "arg%d: btf_id 0x%llx", n,
                                              (unsigned long long)vbtf); goto done; }
        resolve_btf_id_ptr(vbtf, &a->btf_id);
      }
    }
  }
  ok = true;
done:
  free(b);
  return ok;
}

static void print_proto(const struct proto *p) {
  fprintf(out, "  {\"symbol\": ");
  jstr(p->s->name);
  fprintf(out, ", \"address\": \"0x%016llx\", \"kallsyms_type\": \"%c\"",
          (unsigned long long)p->s->addr, p->s->type);
  if (p->s->mod) { fprintf(out, ", \"module\": "); jstr(p->s->mod); }
  fprintf(out, ", \"func\": ");
  if (p->func) jstr(p->func->name);
  else fprintf(out, p->func_poison ? "\"BPF_PTR_POISON\"" : "null");
  fprintf(out, ", \"gpl_only\": %s, \"pkt_access\": %s", p->gpl_only ? "true" : "false",
          p->pkt_access ? "true" : "false");
  if (member("might_sleep")) fprintf(out, ", \"might_sleep\": %s", p->might_sleep ? "true" : "false");
  if (member("allow_fastcall"))
    fprintf(out, ", \"allow_fastcall\": %s", p->allow_fastcall ? "true" : "false");
  fprintf(out, ", \"ret_type\": ");
  jstr(p->ret_type);
  fprintf(out, ", \"ret_type_raw\": %llu", (unsigned long long)p->ret_raw);
  if (p->ret_btf_id.set) { fprintf(out, ", \"ret_btf_id\": "); print_ptrinfo(&p->ret_btf_id); }
  if (p->allowed) { fprintf(out, ", \"allowed\": "); jstr(p->allowed->name); }
  fprintf(out, ", \"args\": [");
  for (int i = 0; i < p->nargs; i++) {
    const struct arginfo *a = &p->args[i];
    fprintf(out, "%s{\"arg\": %d, \"type\": ", i ? ", " : "", a->n);
    jstr(a->type);
    fprintf(out, ", \"raw\": %llu", (unsigned long long)a->raw);
    if (a->has_size) fprintf(out, ", \"size\": %llu", (unsigned long long)a->size);
    if (a->btf_id.set) { fprintf(out, ", \"btf_id\": "); print_ptrinfo(&a->btf_id); }
    fprintf(out, "}");
  }
  fprintf(out, "]}");
}

static void print_enum(const struct enumdef *d) {
  fprintf(out, "{");
  for (int i = 0; i < d->n; i++) {
    fprintf(out, "%s", i ? ", " : "");
    jstr(d->e[i].name);
    fprintf(out, ": %lld", (long long)d->e[i].value);
  }
  fprintf(out, "}");
}

int main(int argc, char **argv) {
  if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
    fprintf(stderr, "usage: kextract [OUT.json]\n");
    return 2;
  }
  // BTF
  if (access(BTF_PATH, R_OK))
    die("%s: %s (kernel built without CONFIG_DEBUG_INFO_BTF?)", BTF_PATH, strerror(errno));
  btf = btf__parse_raw(BTF_PATH);
  if (!btf) die("%s: cannot parse: %s", BTF_PATH, strerror(errno));
  __s32 sid = btf__find_by_name_kind(btf, "bpf_func_proto", BTF_KIND_STRUCT);
  if (sid < 0) die("%s: no struct bpf_func_proto", BTF_PATH);
  const struct btf_type *st = btf__type_by_id(btf, sid);
  proto_size = st->size;
  collect_members(st, 0);
  const char *need[] = {"func", "ret_type"};
  for (int i = 0; i < 2; i++)
    if (!member(need[i])) die("struct bpf_func_proto has no member '%s'", need[i]);
  unsigned o, s;
  for (nargs_layout = 0; nargs_layout < MAX_ARGS && arg_slot("type", nargs_layout + 1, &o, &s);)
    nargs_layout++;
  if (nargs_layout < 5) die("struct bpf_func_proto: found only %d argument types", nargs_layout);
  {
    unsigned so, ss, bo, bs;
    bool hs = arg_slot("size", 1, &so, &ss), hb = arg_slot("btf_id", 1, &bo, &bs);
    size_btf_overlap = hs && hb && so == bo;
    if (hs && hb && !size_btf_overlap && so < bo + bs && bo < so + ss)
      die("struct bpf_func_proto: arg sizes and btf ids overlap partially");
  }
  load_btf_funcs();
  load_enum(&e_arg, false);
  bool have_flags = load_enum(&e_flag, true);
  load_enum(&e_ret, false);
  // BPF_BASE_TYPE_BITS is a #define; the first flag is BIT(0 + BITS).
  // Without enum bpf_type_flag (before 5.16) there are no flag bits: the
  // whole 32-bit enum value is the base (ARG_PTR_TO_MEM_OR_NULL and
  // ARG_PTR_TO_UNINIT_MEM are bases of their own there).
  base_bits = 0;
  if (!have_flags) { base_bits = 32; base_bits_from = "no enum bpf_type_flag"; }
  for (int i = 0; i < e_flag.n; i++)
    if (!strcmp(e_flag.e[i].name, "PTR_MAYBE_NULL")) {
      int64_t v = e_flag.e[i].value;
      if (v <= 0 || (v & (v - 1))) die("PTR_MAYBE_NULL = %lld is not a single bit", (long long)v);
      while ((1LL << base_bits) != v) base_bits++;
      base_bits_from = "PTR_MAYBE_NULL";
    }
  if (!base_bits_from)
    for (int i = 0; i < e_flag.n; i++)
      if (!strcmp(e_flag.e[i].name, "BPF_BASE_TYPE_BITS")) {
        base_bits = (unsigned)e_flag.e[i].value;
        base_bits_from = "BPF_BASE_TYPE_BITS";
      }
  if (!base_bits_from) { base_bits = 8; base_bits_from = "default"; }
  base_mask = (1ULL << base_bits) - 1;

  // kallsyms
  load_kallsyms();
  size_t ncand = 0;
  for (size_t i = 0; i < nsyms; i++) ncand += is_candidate(&syms[i]);
  if (!ncand)
    die("%s has no data symbols named *_proto (CONFIG_KALLSYMS_ALL not set?)", KALLSYMS_PATH);

  // kcore
  open_kcore();

  struct proto *protos = xcalloc(ncand, sizeof *protos);
  struct { const struct sym *s; char why[384]; } *rej = xcalloc(ncand, sizeof *rej);
  size_t nprotos = 0, nrej = 0;
  for (size_t i = 0; i < nsyms; i++) {
    if (!is_candidate(&syms[i])) continue;
    if (decode(&syms[i], &protos[nprotos], rej[nrej].why, sizeof rej[nrej].why)) nprotos++;
    else rej[nrej++].s = &syms[i];
  }
  if (!nprotos) die("none of the %zu candidates decodes as a struct bpf_func_proto", ncand);

  out = stdout;
  if (argc == 2 && !(out = fopen(argv[1], "w"))) die("%s: %s", argv[1], strerror(errno));
  struct utsname u;
  uname(&u);
  fprintf(out, "{\"kextract_version\": %d, \"release\": ", KEXTRACT_VERSION);
  jstr(u.release);
  fprintf(out, ", \"machine\": ");
  jstr(u.machine);
  fprintf(out, ",\n \"layout\": {\"struct\": \"bpf_func_proto\", \"size\": %u, "
               "\"arg_slots\": %d, \"arg_size_btf_id_union\": %s, \"base_type_bits\": %u, "
               "\"base_type_bits_from\": \"%s\", \"members\": {",
          proto_size, nargs_layout, size_btf_overlap ? "true" : "false", base_bits, base_bits_from);
  for (int i = 0; i < nmembers; i++) {
    const struct member *m = &members[i];
    fprintf(out, "%s\n  ", i ? "," : "");
    jstr(m->name);
    fprintf(out, ": {\"offset\": %u, \"size\": %u, \"type\": ", m->offset, m->size);
    jstr(m->type);
    fprintf(out, "}");
  }
  fprintf(out, "}},\n \"enums\": {\"bpf_arg_type\": ");
  print_enum(&e_arg);
  fprintf(out, ",\n  \"bpf_type_flag\": ");
  print_enum(&e_flag);
  fprintf(out, ",\n  \"bpf_return_type\": ");
  print_enum(&e_ret);
  fprintf(out, "},\n \"kallsyms\": {\"symbols\": %zu}, \"candidates\": %zu, \"rejected\": [", nsyms,
          ncand);
  for (size_t i = 0; i < nrej; i++) {
    fprintf(out, "%s\n  {\"symbol\": ", i ? "," : "");
    jstr(rej[i].s->name);
    fprintf(out, ", \"address\": \"0x%016llx\", \"kallsyms_type\": \"%c\", \"reason\": ",
            (unsigned long long)rej[i].s->addr, rej[i].s->type);
    jstr(rej[i].why);
    fprintf(out, "}");
  }
  fprintf(out, "],\n \"protos\": [\n");
  for (size_t i = 0; i < nprotos; i++) {
    print_proto(&protos[i]);
    fprintf(out, "%s\n", i + 1 < nprotos ? "," : "");
  }
  fprintf(out, "]}\n");
  if (fflush(out) || ferror(out)) die("writing the output failed");
  if (out != stdout) fclose(out);
  fprintf(stderr, "kextract: %zu prototypes, %zu candidates, %zu rejected (%s)\n", nprotos,
          ncand, nrej, u.release);
  return 0;
}
