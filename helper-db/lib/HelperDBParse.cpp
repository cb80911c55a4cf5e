//===- HelperDBParse.cpp - Reading and validating a helper database -------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// Turns the JSON text described in helper-db/FORMAT.md into a HelperDB, and
// rejects anything it does not understand: a database that is silently
// half-read would make the guard miss hazards.
//
// Syntax errors carry the JSON parser's position ("<name>:<line>:<col>: ...");
// llvm::json keeps no positions for values, so semantic errors name the value
// by its JSON path ("<name>: helpers[3].protos[0].args[1].arg: ...").
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"
#include "helperguard/ProgramType.h"

#include "helperguard/LLVMCompat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>

using namespace llvm;

namespace helperguard {

namespace {

constexpr StringLiteral FormatTag = "helperguard-db/1";

/// Flag tokens a prototype may spell. Base types start with ARG_.
const StringLiteral BaseTypes[] = {
    "ARG_PTR_TO_MEM",
    "ARG_PTR_TO_MEM_OR_NULL",
    "ARG_PTR_TO_UNINIT_MEM",
    "ARG_PTR_TO_FIXED_SIZE_MEM",
    "ARG_PTR_TO_MAP_KEY",
    "ARG_PTR_TO_MAP_VALUE",
    "ARG_PTR_TO_MAP_VALUE_OR_NULL",
    "ARG_PTR_TO_UNINIT_MAP_VALUE",
    "ARG_PTR_TO_WRITABLE_MEM",
    "ARG_PTR_TO_WRITABLE_MEM_OR_NULL",
    "ARG_PTR_TO_ALLOC_MEM",
    "ARG_PTR_TO_ALLOC_MEM_OR_NULL",
    "ARG_PTR_TO_LONG",
    "ARG_PTR_TO_INT",
    "ARG_PTR_TO_CONST_STR",
    "ARG_PTR_TO_STACK",
    "ARG_PTR_TO_STACK_OR_NULL",
    "ARG_PTR_TO_CTX",
    "ARG_PTR_TO_BTF_ID",
    "ARG_PTR_TO_DYNPTR",
};
const StringLiteral Modifiers[] = {
    "MEM_RDONLY",     "MEM_WRITE",      "MEM_UNINIT",  "MEM_ALIGNED",
    "MEM_FIXED_SIZE", "PTR_MAYBE_NULL", "MEM_RCU",     "MEM_ALLOC",
    "MEM_USER",       "MEM_PERCPU",     "PTR_TRUSTED", "DYNPTR_TYPE_LOCAL",
};

class Parser {
public:
  explicit Parser(StringRef Name) : Name(Name) {}

  Expected<HelperDB> run(StringRef Text);

private:
  StringRef Name;
  HelperDB DB;

  Error err(const Twine &Path, const Twine &Msg) const {
    return createStringError(inconvertibleErrorCode(),
                             Name + ": " + Path + ": " + Msg);
  }

  Error syntaxError(Error E) const;
  Error checkKeys(const json::Object &O, const std::string &Path,
                  ArrayRef<StringRef> Allowed) const;
  Expected<const json::Value *> field(const json::Object &O, StringRef Key,
                                      const std::string &Path,
                                      bool Required) const;
  Error getString(const json::Object &O, StringRef Key, const std::string &Path,
                  bool Required, std::string &Out) const;
  Error getBool(const json::Object &O, StringRef Key, const std::string &Path,
                bool Required, bool &Out) const;
  Error getUInt(const json::Object &O, StringRef Key, const std::string &Path,
                bool Required, std::optional<uint64_t> &Out) const;
  Error getArray(const json::Object &O, StringRef Key, const std::string &Path,
                 bool Required, const json::Array *&Out) const;
  Error getKernels(const json::Object &O, const std::string &Path,
                   KernelRange &Out) const;
  Error getArgNo(const json::Object &O, StringRef Key, const std::string &Path,
                 bool Required, std::optional<unsigned> &Out) const;
  Expected<const json::Object *> asObject(const json::Value &V,
                                          const std::string &Path) const;

  Error parseRegime(const json::Value &V, const std::string &Path);
  Error parseRelease(const json::Value &V, const std::string &Path);
  Error parseProbeResult(const json::Value &V, const std::string &Path,
                         ProbeResult &Out) const;
  /// A string or null (stored as ""), when present.
  Error getOptString(const json::Object &O, StringRef Key,
                     const std::string &Path, std::string &Out) const;
  Error parseHelper(const json::Value &V, const std::string &Path);
  /// A helper's `since` and `available` (FORMAT.md, "Availability").
  Error parseAvailability(const json::Object &O, const std::string &Path,
                          Helper &Out) const;
  Error parseCoverage(const json::Value &V, const std::string &Path);
  Error parseProto(const json::Value &V, const std::string &Path,
                   Prototype &Out) const;
  Error parseArg(const json::Value &V, const std::string &Path,
                 MemArg &Out) const;
  /// The keys helper and kfunc arguments share: arg, size_arg/size, reads,
  /// writes, effect_source, effect_date.
  template <typename ArgT>
  Error parseArgCommon(const json::Object &O, const std::string &Path,
                       ArgT &Out) const;
  Error parseKfunc(const json::Value &V, const std::string &Path);
  Error parseKfuncAvailable(const json::Object &O, const std::string &Path,
                            Kfunc &K) const;
  /// A list of kernel ranges with their sources (a kfunc argument's
  /// "forgotten", a kfunc's "available") at O[Key]; ranges may not overlap.
  Error parseRanges(const json::Object &O, llvm::StringRef Key,
                    const std::string &Path,
                    std::vector<ForgottenRange> &Out) const;
  Error parseKfuncArg(const json::Value &V, const std::string &Path,
                      KfuncArg &Out) const;
  Error parseDeclared(const json::Value &V, const std::string &Path,
                      DeclaredArg &Out) const;
  Error checkFlags(StringRef Flags, const std::string &Path,
                   std::string &Normalized) const;
};

std::string index(const std::string &Path, StringRef Key, size_t I) {
  return (Path.empty() ? "" : Path + ".") + Key.str() + "[" +
         std::to_string(I) + "]";
}

std::string member(const std::string &Path, StringRef Key) {
  return Path.empty() ? Key.str() : Path + "." + Key.str();
}

std::string kindName(const json::Value &V) {
  switch (V.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return "a boolean";
  case json::Value::Number:
    return "a number";
  case json::Value::String:
    return "a string";
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
  }
  return "a value";
}

Error Parser::syntaxError(Error E) const {
  // llvm::json::ParseError prints "[<line>:<col>, byte=<n>]: <message>".
  std::string Msg = toString(std::move(E));
  StringRef S = Msg;
  unsigned Line = 0, Col = 0;
  if (S.consume_front("[")) {
    StringRef LineStr = S.take_while(isDigit);
    S = S.drop_front(LineStr.size());
    if (S.consume_front(":")) {
      StringRef ColStr = S.take_while(isDigit);
      S = S.drop_front(ColStr.size());
      size_t Close = S.find("]: ");
      if (!LineStr.getAsInteger(10, Line) && !ColStr.getAsInteger(10, Col) &&
          Close != StringRef::npos) {
        Col = std::max(Col, 1u); // 0 at the very start of an empty text
        return createStringError(
            inconvertibleErrorCode(),
            Name + ":" + Twine(Line) + ":" + Twine(Col) +
                ": malformed JSON: " + S.drop_front(Close + 3));
      }
    }
  }
  return createStringError(inconvertibleErrorCode(),
                           Name + ": malformed JSON: " + Msg);
}

Error Parser::checkKeys(const json::Object &O, const std::string &Path,
                        ArrayRef<StringRef> Allowed) const {
  // Report unknown keys in a stable (sorted) order.
  SmallVector<std::string, 8> Unknown;
  for (const auto &KV : O) {
    StringRef K = KV.first;
    if (K != "comment" && !is_contained(Allowed, K))
      Unknown.push_back(K.str());
  }
  if (Unknown.empty())
    return Error::success();
  llvm::sort(Unknown);
  std::string Expected;
  for (StringRef A : Allowed)
    Expected += (Expected.empty() ? "" : ", ") + A.str();
  return err(member(Path, Unknown.front()), "unknown key '" + Unknown.front() +
                                                "' (expected " + Expected +
                                                " or comment)");
}

Expected<const json::Value *> Parser::field(const json::Object &O,
                                            StringRef Key,
                                            const std::string &Path,
                                            bool Required) const {
  const json::Value *V = O.get(Key);
  if (!V && Required)
    return err(Path.empty() ? "<top>" : Path,
               "missing required key '" + Key + "'");
  return V;
}

Error Parser::getString(const json::Object &O, StringRef Key,
                        const std::string &Path, bool Required,
                        std::string &Out) const {
  Expected<const json::Value *> V = field(O, Key, Path, Required);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  std::optional<StringRef> S = compat::toStd((*V)->getAsString());
  if (!S)
    return err(member(Path, Key), "expected a string, found " + kindName(**V));
  Out = S->str();
  return Error::success();
}

Error Parser::getBool(const json::Object &O, StringRef Key,
                      const std::string &Path, bool Required, bool &Out) const {
  Expected<const json::Value *> V = field(O, Key, Path, Required);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  std::optional<bool> B = compat::toStd((*V)->getAsBoolean());
  if (!B)
    return err(member(Path, Key),
               "expected true or false, found " + kindName(**V));
  Out = *B;
  return Error::success();
}

Error Parser::getUInt(const json::Object &O, StringRef Key,
                      const std::string &Path, bool Required,
                      std::optional<uint64_t> &Out) const {
  Expected<const json::Value *> V = field(O, Key, Path, Required);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  std::optional<int64_t> I = compat::toStd((*V)->getAsInteger());
  if (!I || *I < 0)
    return err(member(Path, Key), "expected a non-negative integer, found " +
                                      ((*V)->kind() == json::Value::Number
                                           ? std::string("a non-integer")
                                           : kindName(**V)));
  Out = uint64_t(*I);
  return Error::success();
}

Error Parser::getArgNo(const json::Object &O, StringRef Key,
                       const std::string &Path, bool Required,
                       std::optional<unsigned> &Out) const {
  std::optional<uint64_t> N;
  if (Error E = getUInt(O, Key, Path, Required, N))
    return E;
  if (!N)
    return Error::success();
  if (*N < 1 || *N > 5)
    return err(member(Path, Key),
               "argument number " + Twine(*N) + " is outside 1..5");
  Out = unsigned(*N);
  return Error::success();
}

Error Parser::getArray(const json::Object &O, StringRef Key,
                       const std::string &Path, bool Required,
                       const json::Array *&Out) const {
  Out = nullptr;
  Expected<const json::Value *> V = field(O, Key, Path, Required);
  if (!V)
    return V.takeError();
  if (!*V)
    return Error::success();
  Out = (*V)->getAsArray();
  if (!Out)
    return err(member(Path, Key), "expected an array, found " + kindName(**V));
  return Error::success();
}

Error Parser::getKernels(const json::Object &O, const std::string &Path,
                         KernelRange &Out) const {
  std::string S;
  if (Error E = getString(O, "kernels", Path, /*Required=*/true, S))
    return E;
  Expected<KernelRange> R = KernelRange::parse(S);
  if (!R)
    return err(member(Path, "kernels"), toString(R.takeError()));
  Out = *R;
  return Error::success();
}

Expected<const json::Object *> Parser::asObject(const json::Value &V,
                                                const std::string &Path) const {
  const json::Object *O = V.getAsObject();
  if (!O)
    return err(Path, "expected an object, found " + kindName(V));
  return O;
}

Error Parser::checkFlags(StringRef Flags, const std::string &Path,
                         std::string &Normalized) const {
  SmallVector<StringRef, 4> Tokens;
  Flags.split(Tokens, '|');
  unsigned Bases = 0;
  StringSet<> Seen;
  Normalized.clear();
  for (StringRef Tok : Tokens) {
    Tok = Tok.trim();
    if (Tok.empty())
      return err(Path, "empty flag in '" + Flags + "'");
    bool IsBase = is_contained(BaseTypes, Tok);
    if (!IsBase && !is_contained(Modifiers, Tok))
      return err(Path, "unknown flag '" + Tok + "' in '" + Flags + "'");
    if (!Seen.insert(Tok).second)
      return err(Path, "flag '" + Tok + "' repeated in '" + Flags + "'");
    Bases += IsBase;
    Normalized += (Normalized.empty() ? "" : "|") + Tok.str();
  }
  if (Bases != 1)
    return err(Path, "'" + Flags +
                         "' must name exactly one ARG_* type, found " +
                         Twine(Bases));
  return Error::success();
}

Error Parser::parseDeclared(const json::Value &V, const std::string &Path,
                            DeclaredArg &Out) const {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path, {"kernels", "flags", "source", "date"}))
    return E;
  if (Error E = getKernels(**O, Path, Out.Kernels))
    return E;
  std::string Flags;
  if (Error E = getString(**O, "flags", Path, true, Flags))
    return E;
  if (Error E = checkFlags(Flags, member(Path, "flags"), Out.Flags))
    return E;
  Out.DeclaresWrite = flagsDeclareWrite(Out.Flags);
  if (Error E = getString(**O, "source", Path, true, Out.Source.Source))
    return E;
  return getString(**O, "date", Path, false, Out.Source.Date);
}

template <typename ArgT>
Error Parser::parseArgCommon(const json::Object &O, const std::string &Path,
                             ArgT &Out) const {
  std::optional<unsigned> ArgNo;
  if (Error E = getArgNo(O, "arg", Path, true, ArgNo))
    return E;
  Out.ArgNo = *ArgNo;
  if (Error E = getArgNo(O, "size_arg", Path, false, Out.SizeArgNo))
    return E;
  if (Error E = getUInt(O, "size", Path, false, Out.FixedSize))
    return E;
  if (Out.SizeArgNo && Out.FixedSize)
    return err(Path, "give either 'size_arg' or 'size', not both");
  if (!Out.SizeArgNo && !Out.FixedSize)
    return err(Path, "missing required key 'size_arg' (or 'size')");
  if (Out.SizeArgNo && *Out.SizeArgNo == Out.ArgNo)
    return err(member(Path, "size_arg"),
               "argument " + Twine(Out.ArgNo) + " cannot be its own size");
  if (Out.FixedSize && *Out.FixedSize == 0)
    return err(member(Path, "size"), "a fixed size must be positive");
  if (Error E = getBool(O, "reads", Path, true, Out.Reads))
    return E;
  if (Error E = getBool(O, "writes", Path, true, Out.Writes))
    return E;
  if (Error E =
          getString(O, "effect_source", Path, true, Out.EffectSource.Source))
    return E;
  if (Error E =
          getString(O, "effect_date", Path, false, Out.EffectSource.Date))
    return E;
  return Error::success();
}

Error Parser::parseArg(const json::Value &V, const std::string &Path,
                       MemArg &Out) const {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path,
                          {"arg", "size_arg", "size", "reads", "writes",
                           "may_write_less", "effect_source", "effect_date",
                           "declared"}))
    return E;
  if (Error E = parseArgCommon(**O, Path, Out))
    return E;
  if (Error E = getBool(**O, "may_write_less", Path, false, Out.MayWriteLess))
    return E;
  if (Out.MayWriteLess && !Out.Writes)
    return err(member(Path, "may_write_less"),
               "an argument that is not written cannot be written partly");

  const json::Array *Declared = nullptr;
  if (Error E = getArray(**O, "declared", Path, false, Declared))
    return E;
  if (!Declared)
    return Error::success();
  for (size_t I = 0; I < Declared->size(); ++I) {
    DeclaredArg D;
    std::string DPath = index(Path, "declared", I);
    if (Error E = parseDeclared((*Declared)[I], DPath, D))
      return E;
    for (size_t J = 0; J < Out.Declared.size(); ++J)
      if (Out.Declared[J].Kernels.overlaps(D.Kernels))
        return err(member(DPath, "kernels"),
                   "kernels " + D.Kernels.str() + " overlap declared[" +
                       Twine(J) + "] (" + Out.Declared[J].Kernels.str() +
                       "): conflicting facts for argument " + Twine(Out.ArgNo));
    Out.Declared.push_back(std::move(D));
  }
  return Error::success();
}

Error Parser::parseProto(const json::Value &V, const std::string &Path,
                         Prototype &Out) const {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path, {"name", "prog_types", "args"}))
    return E;
  if (Error E = getString(**O, "name", Path, true, Out.Name))
    return E;
  if (Out.Name.empty())
    return err(member(Path, "name"), "empty prototype name");

  const json::Array *Types = nullptr;
  if (Error E = getArray(**O, "prog_types", Path, true, Types))
    return E;
  if (Types->empty())
    return err(member(Path, "prog_types"),
               "list at least one program type (or \"*\")");
  for (size_t I = 0; I < Types->size(); ++I) {
    std::string TPath = index(Path, "prog_types", I);
    std::optional<StringRef> T = compat::toStd((*Types)[I].getAsString());
    if (!T)
      return err(TPath, "expected a string, found " + kindName((*Types)[I]));
    if (*T != "*" && !is_contained(knownProgTypes(), *T))
      return err(TPath, "unknown program type '" + *T + "'");
    if (is_contained(Out.ProgTypes, *T))
      return err(TPath, "program type '" + *T + "' listed twice");
    Out.ProgTypes.push_back(T->str());
  }

  const json::Array *Args = nullptr;
  if (Error E = getArray(**O, "args", Path, true, Args))
    return E;
  for (size_t I = 0; I < Args->size(); ++I) {
    MemArg A;
    std::string APath = index(Path, "args", I);
    if (Error E = parseArg((*Args)[I], APath, A))
      return E;
    if (Out.arg(A.ArgNo))
      return err(member(APath, "arg"),
                 "argument " + Twine(A.ArgNo) + " described twice");
    Out.Args.push_back(std::move(A));
  }
  return Error::success();
}

Error Parser::parseHelper(const json::Value &V, const std::string &Path) {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path,
                          {"id", "name", "protos", "since", "available"}))
    return E;
  Helper H;
  std::optional<uint64_t> Id;
  if (Error E = getUInt(**O, "id", Path, true, Id))
    return E;
  if (*Id == 0 || *Id > 0xffff)
    return err(member(Path, "id"),
               "helper id " + Twine(*Id) + " is outside 1..65535");
  H.Id = unsigned(*Id);
  if (Error E = getString(**O, "name", Path, true, H.Name))
    return E;
  if (!compat::startsWith(H.Name, "bpf_") || H.Name.size() == 4)
    return err(member(Path, "name"),
               "helper name '" + H.Name + "' must start with 'bpf_'");
  if (DB.helpers().count(H.Id))
    return err(member(Path, "id"), "duplicate helper id " + Twine(H.Id) +
                                       " (also " + DB.helpers().at(H.Id).Name +
                                       ")");
  if (const Helper *Other = DB.helper(StringRef(H.Name)))
    return err(member(Path, "name"), "duplicate helper name '" + H.Name +
                                         "' (also id " + Twine(Other->Id) +
                                         ")");

  const json::Array *Protos = nullptr;
  if (Error E = getArray(**O, "protos", Path, true, Protos))
    return E;
  for (size_t I = 0; I < Protos->size(); ++I) {
    Prototype P;
    std::string PPath = index(Path, "protos", I);
    if (Error E = parseProto((*Protos)[I], PPath, P))
      return E;
    for (const Prototype &Q : H.Protos) {
      if (Q.Name == P.Name)
        return err(member(PPath, "name"),
                   "prototype '" + P.Name + "' described twice");
      for (const std::string &T : P.ProgTypes)
        if (is_contained(Q.ProgTypes, T))
          return err(member(PPath, "prog_types"),
                     "program type '" + T + "' already gets prototype '" +
                         Q.Name + "'");
    }
    H.Protos.push_back(std::move(P));
  }
  if (Error E = parseAvailability(**O, Path, H))
    return E;
  DB.addHelper(std::move(H));
  return Error::success();
}

Error Parser::parseAvailability(const json::Object &O, const std::string &Path,
                                Helper &Out) const {
  std::string Since;
  if (Error E = getString(O, "since", Path, false, Since))
    return E;
  if (!Since.empty()) {
    Expected<KernelVersion> V = KernelVersion::parse(Since);
    if (!V || StringRef(Since).find_first_of("+-~") != StringRef::npos) {
      if (!V)
        consumeError(V.takeError());
      return err(member(Path, "since"),
                 "expected a version MAJOR.MINOR[.PATCH], found '" + Since +
                     "'");
    }
    Out.Since = *V;
  }
  const json::Array *Avail = nullptr;
  if (Error E = getArray(O, "available", Path, false, Avail))
    return E;
  if (!Avail)
    return Error::success();
  for (size_t I = 0; I < Avail->size(); ++I) {
    std::string APath = index(Path, "available", I);
    Expected<const json::Object *> AO = asObject((*Avail)[I], APath);
    if (!AO)
      return AO.takeError();
    if (Error E = checkKeys(**AO, APath, {"kernels", "prog_types"}))
      return E;
    AvailableRange R;
    if (Error E = getKernels(**AO, APath, R.Kernels))
      return E;
    const json::Array *Types = nullptr;
    if (Error E = getArray(**AO, "prog_types", APath, true, Types))
      return E;
    if (Types->empty())
      return err(member(APath, "prog_types"), "list at least one program type");
    for (size_t J = 0; J < Types->size(); ++J) {
      std::string TPath = index(APath, "prog_types", J);
      std::optional<StringRef> T = compat::toStd((*Types)[J].getAsString());
      if (!T)
        return err(TPath, "expected a string, found " + kindName((*Types)[J]));
      if (!is_contained(knownProgTypes(), *T))
        return err(TPath, "unknown program type '" + *T + "'");
      if (is_contained(R.ProgTypes, *T))
        return err(TPath, "program type '" + *T + "' listed twice");
      for (const AvailableRange &Q : Out.Available)
        if (Q.Kernels.overlaps(R.Kernels) && is_contained(Q.ProgTypes, *T))
          return err(TPath, "program type '" + *T +
                                "' already available on " + Q.Kernels.str());
      R.ProgTypes.push_back(T->str());
    }
    Out.Available.push_back(std::move(R));
  }
  return Error::success();
}

Error Parser::parseCoverage(const json::Value &V, const std::string &Path) {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path, {"kernels", "source", "date",
                                      "prog_types"}))
    return E;
  AvailabilityCoverage C;
  if (Error E = getKernels(**O, Path, C.Kernels))
    return E;
  if (const json::Value *PT = (*O)->get("prog_types")) {
    const json::Object *Types = PT->getAsObject();
    std::string TPath = member(Path, "prog_types");
    if (!Types)
      return err(TPath, "expected an object, found " + kindName(*PT));
    for (const auto &KV : *Types) {
      std::string T = StringRef(KV.first).str();
      if (!is_contained(knownProgTypes(), T))
        return err(TPath, "unknown program type '" + T + "'");
      std::optional<StringRef> S = compat::toStd(KV.second.getAsString());
      if (!S)
        return err(member(TPath, T), "expected a kernel range");
      Expected<KernelRange> R = KernelRange::parse(*S);
      if (!R)
        return err(member(TPath, T), toString(R.takeError()));
      C.ProgTypes[T] = *R;
    }
  }
  if (Error E = getString(**O, "source", Path, true, C.Source.Source))
    return E;
  if (Error E = getString(**O, "date", Path, false, C.Source.Date))
    return E;
  DB.setAvailabilityCoverage(std::move(C));
  return Error::success();
}

Error Parser::parseKfuncArg(const json::Value &V, const std::string &Path,
                            KfuncArg &Out) const {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path,
                          {"arg", "size_arg", "size", "reads", "writes",
                           "effect_source", "effect_date", "forgotten"}))
    return E;
  if (Error E = parseArgCommon(**O, Path, Out))
    return E;
  return parseRanges(**O, "forgotten", Path, Out.Forgotten);
}

Error Parser::parseKfuncAvailable(const json::Object &O,
                                  const std::string &Path, Kfunc &K) const {
  return parseRanges(O, "available", Path, K.Available);
}

Error Parser::parseRanges(const json::Object &O, StringRef Key,
                          const std::string &Path,
                          std::vector<ForgottenRange> &Out) const {
  const json::Array *Ranges = nullptr;
  if (Error E = getArray(O, Key, Path, false, Ranges))
    return E;
  if (!Ranges)
    return Error::success();
  for (size_t I = 0; I < Ranges->size(); ++I) {
    std::string RPath = index(Path, Key, I);
    Expected<const json::Object *> RO = asObject((*Ranges)[I], RPath);
    if (!RO)
      return RO.takeError();
    if (Error E = checkKeys(**RO, RPath, {"kernels", "source", "date"}))
      return E;
    ForgottenRange R;
    if (Error E = getKernels(**RO, RPath, R.Kernels))
      return E;
    if (Error E = getString(**RO, "source", RPath, true, R.Source.Source))
      return E;
    if (Error E = getString(**RO, "date", RPath, false, R.Source.Date))
      return E;
    for (size_t J = 0; J < Out.size(); ++J)
      if (Out[J].Kernels.overlaps(R.Kernels))
        return err(member(RPath, "kernels"),
                   "kernels " + R.Kernels.str() + " overlap " + Key + "[" +
                       Twine(J) + "] (" + Out[J].Kernels.str() + ")");
    Out.push_back(std::move(R));
  }
  return Error::success();
}

Error Parser::parseKfunc(const json::Value &V, const std::string &Path) {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path, {"name", "args", "available"}))
    return E;
  Kfunc K;
  if (Error E = getString(**O, "name", Path, true, K.Name))
    return E;
  if (K.Name.empty() || !all_of(K.Name, [](char C) {
        return isAlnum(C) || C == '_';
      }) || isDigit(K.Name.front()))
    return err(member(Path, "name"),
               "kfunc name '" + K.Name + "' is not a C identifier");
  if (DB.kfunc(K.Name))
    return err(member(Path, "name"), "duplicate kfunc '" + K.Name + "'");
  const json::Array *Args = nullptr;
  if (Error E = getArray(**O, "args", Path, true, Args))
    return E;
  for (size_t I = 0; I < Args->size(); ++I) {
    KfuncArg A;
    std::string APath = index(Path, "args", I);
    if (Error E = parseKfuncArg((*Args)[I], APath, A))
      return E;
    if (K.arg(A.ArgNo))
      return err(member(APath, "arg"),
                 "argument " + Twine(A.ArgNo) + " described twice");
    K.Args.push_back(std::move(A));
  }
  if (Error E = parseKfuncAvailable(**O, Path, K))
    return E;
  DB.addKfunc(std::move(K));
  return Error::success();
}

Error Parser::parseRegime(const json::Value &V, const std::string &Path) {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path, {"kernels", "regime", "source", "date"}))
    return E;
  RegimeRange R;
  if (Error E = getKernels(**O, Path, R.Kernels))
    return E;
  std::string Name;
  if (Error E = getString(**O, "regime", Path, true, Name))
    return E;
  std::optional<Regime> Kind = regimeFromName(Name);
  if (!Kind)
    return err(member(Path, "regime"),
               "unknown regime '" + Name +
                   "' (expected clobber-all, mem-write-only or "
                   "flags-enforced)");
  R.Kind = *Kind;
  if (Error E = getString(**O, "source", Path, true, R.Source.Source))
    return E;
  if (Error E = getString(**O, "date", Path, false, R.Source.Date))
    return E;
  for (size_t J = 0; J < DB.regimes().size(); ++J)
    if (DB.regimes()[J].Kernels.overlaps(R.Kernels))
      return err(member(Path, "kernels"),
                 "kernels " + R.Kernels.str() + " overlap regimes[" + Twine(J) +
                     "] (" + DB.regimes()[J].Kernels.str() + ")");
  DB.addRegime(std::move(R));
  return Error::success();
}

Error Parser::getOptString(const json::Object &O, StringRef Key,
                           const std::string &Path, std::string &Out) const {
  const json::Value *V = O.get(Key);
  if (!V || V->kind() == json::Value::Null)
    return Error::success();
  return getString(O, Key, Path, false, Out);
}

Error Parser::parseProbeResult(const json::Value &V, const std::string &Path,
                               ProbeResult &Out) const {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path,
                          {"kind", "id", "name", "prog_type",
                           "expected_attach_type", "attach_to", "sleepable",
                           "arg", "size", "writes", "outcome", "detail"}))
    return E;
  std::string Kind = "helper";
  if (Error E = getString(**O, "kind", Path, false, Kind))
    return E;
  if (Kind != "helper" && Kind != "kfunc")
    return err(member(Path, "kind"),
               "unknown kind '" + Kind + "' (expected helper or kfunc)");
  Out.IsKfunc = Kind == "kfunc";
  if (Error E = getString(**O, "name", Path, true, Out.Name))
    return E;
  const json::Value *IdV = (*O)->get("id");
  if (!Out.IsKfunc || (IdV && IdV->kind() != json::Value::Null)) {
    std::optional<uint64_t> Id;
    if (Error E = getUInt(**O, "id", Path, !Out.IsKfunc, Id))
      return E;
    if (Id && (*Id < 1 || *Id > 65535))
      return err(member(Path, "id"),
                 "helper id " + Twine(*Id) + " is outside 1..65535");
    if (Out.IsKfunc && Id)
      return err(member(Path, "id"), "a kfunc has no helper id");
    Out.Id = Id ? unsigned(*Id) : 0;
  }
  if (!Out.IsKfunc && !compat::startsWith(Out.Name, "bpf_"))
    return err(member(Path, "name"),
               "helper name '" + Out.Name + "' does not start with bpf_");
  if (Error E = getString(**O, "prog_type", Path, true, Out.ProgType))
    return E;
  // A newer kernel's program type is kept (it never matches a call): the
  // probe reports what the kernel offers, not what this database knows.
  if (Out.ProgType.empty() || !all_of(Out.ProgType, [](char C) {
        return (C >= 'a' && C <= 'z') || isDigit(C) || C == '_';
      }))
    return err(member(Path, "prog_type"),
               "bad program type '" + Out.ProgType +
                   "' (lower-case enum bpf_prog_type name without "
                   "BPF_PROG_TYPE_)");
  if (Error E = getOptString(**O, "expected_attach_type", Path,
                             Out.ExpectedAttachType))
    return E;
  if (Error E = getOptString(**O, "attach_to", Path, Out.AttachTo))
    return E;
  if (Error E = getBool(**O, "sleepable", Path, false, Out.Sleepable))
    return E;
  std::optional<unsigned> ArgNo;
  if (Error E = getArgNo(**O, "arg", Path, true, ArgNo))
    return E;
  Out.ArgNo = *ArgNo;
  const json::Value *SizeV = (*O)->get("size");
  if (SizeV && SizeV->kind() != json::Value::Null)
    if (Error E = getUInt(**O, "size", Path, false, Out.Size))
      return E;
  if ((*O)->get("writes")) {
    bool W = false;
    if (Error E = getBool(**O, "writes", Path, false, W))
      return E;
    Out.Writes = W;
  }
  std::string Outcome;
  if (Error E = getString(**O, "outcome", Path, true, Outcome))
    return E;
  std::optional<ProbeOutcome> PO = probeOutcomeFromName(Outcome);
  if (!PO)
    return err(member(Path, "outcome"),
               "unknown outcome '" + Outcome +
                   "' (expected kept, forgot, not-loadable, skipped, error "
                   "or absent)");
  Out.Outcome = *PO;
  return getString(**O, "detail", Path, false, Out.Detail);
}

Error Parser::parseRelease(const json::Value &V, const std::string &Path) {
  Expected<const json::Object *> O = asObject(V, Path);
  if (!O)
    return O.takeError();
  if (Error E = checkKeys(**O, Path,
                          {"release", "kernel", "uname_v", "machine",
                           "btf_sha256", "source", "date", "results"}))
    return E;
  KernelRelease R;
  if (Error E = getString(**O, "release", Path, true, R.Release))
    return E;
  if (R.Release.empty() || !isDigit(R.Release.front()) ||
      any_of(R.Release, [](char C) { return isSpace(C) || C == ','; }))
    return err(member(Path, "release"),
               "release '" + R.Release +
                   "' is not a uname -r string (digits first, no space or "
                   "comma)");
  bool Plain = none_of(R.Release, [](char C) {
    return isAlpha(C) || C == '+' || C == '~';
  });
  Expected<KernelRange> AsRange = KernelRange::parse(R.Release);
  bool IsRange = bool(AsRange);
  if (!AsRange)
    consumeError(AsRange.takeError());
  if (Plain && IsRange)
    return err(member(Path, "release"),
               "release '" + R.Release +
                   "' reads as a kernel version or range; versions are "
                   "described by regimes and declarations");
  if (DB.release(R.Release) && DB.release(R.Release)->Release == R.Release)
    return err(member(Path, "release"),
               "release '" + R.Release + "' described twice");
  std::string Kernel;
  if (Error E = getString(**O, "kernel", Path, false, Kernel))
    return E;
  if (!Kernel.empty()) {
    bool HasPatch = false;
    Expected<KernelVersion> KV = KernelVersion::parse(Kernel, &HasPatch);
    if (!KV || !HasPatch || StringRef(Kernel).find_first_of("+-~") !=
                                StringRef::npos) {
      if (!KV)
        consumeError(KV.takeError());
      return err(member(Path, "kernel"),
                 "expected an upstream version MAJOR.MINOR.PATCH, found '" +
                     Kernel + "'");
    }
    R.Kernel = *KV;
  }
  if (Error E = getString(**O, "uname_v", Path, false, R.UnameV))
    return E;
  if (Error E = getString(**O, "machine", Path, false, R.Machine))
    return E;
  if (Error E = getString(**O, "btf_sha256", Path, false, R.BtfSha256))
    return E;
  if (!R.BtfSha256.empty() &&
      (R.BtfSha256.size() != 64 || !all_of(R.BtfSha256, [](char C) {
         return isDigit(C) || (C >= 'a' && C <= 'f');
       })))
    return err(member(Path, "btf_sha256"),
               "expected 64 lower-case hex digits");
  if (Error E = getString(**O, "source", Path, true, R.Source.Source))
    return E;
  if (Error E = getString(**O, "date", Path, false, R.Source.Date))
    return E;
  const json::Array *Results = nullptr;
  if (Error E = getArray(**O, "results", Path, false, Results))
    return E;
  if (Results)
    for (size_t I = 0; I < Results->size(); ++I) {
      ProbeResult P;
      if (Error E = parseProbeResult((*Results)[I], index(Path, "results", I),
                                     P))
        return E;
      R.Results.push_back(std::move(P));
    }
  if (!R.Kernel && R.Results.empty())
    return err(Path, "a release needs 'kernel' or non-empty 'results'");
  DB.addRelease(std::move(R));
  return Error::success();
}

Expected<HelperDB> Parser::run(StringRef Text) {
  Expected<json::Value> Root = json::parse(Text);
  if (!Root)
    return syntaxError(Root.takeError());
  const json::Object *O = Root->getAsObject();
  if (!O)
    return err("<top>", "expected an object, found " + kindName(*Root));
  if (Error E = checkKeys(*O, "",
                          {"format", "regimes", "helpers", "kfuncs",
                           "releases", "availability"}))
    return E;
  std::string Format;
  if (Error E = getString(*O, "format", "", true, Format))
    return E;
  if (Format != FormatTag)
    return err("format", "unsupported format '" + Format + "' (expected '" +
                             FormatTag + "')");

  const json::Array *Regimes = nullptr;
  if (Error E = getArray(*O, "regimes", "", false, Regimes))
    return E;
  if (Regimes)
    for (size_t I = 0; I < Regimes->size(); ++I)
      if (Error E = parseRegime((*Regimes)[I], index("", "regimes", I)))
        return E;

  const json::Array *Helpers = nullptr;
  if (Error E = getArray(*O, "helpers", "", false, Helpers))
    return E;
  if (Helpers)
    for (size_t I = 0; I < Helpers->size(); ++I)
      if (Error E = parseHelper((*Helpers)[I], index("", "helpers", I)))
        return E;

  const json::Array *Kfuncs = nullptr;
  if (Error E = getArray(*O, "kfuncs", "", false, Kfuncs))
    return E;
  if (Kfuncs)
    for (size_t I = 0; I < Kfuncs->size(); ++I)
      if (Error E = parseKfunc((*Kfuncs)[I], index("", "kfuncs", I)))
        return E;

  const json::Array *Releases = nullptr;
  if (Error E = getArray(*O, "releases", "", false, Releases))
    return E;
  if (Releases)
    for (size_t I = 0; I < Releases->size(); ++I)
      if (Error E = parseRelease((*Releases)[I], index("", "releases", I)))
        return E;
  if (const json::Value *C = O->get("availability"))
    if (Error E = parseCoverage(*C, "availability"))
      return E;
  return std::move(DB);
}

} // namespace

Expected<HelperDB> HelperDB::parse(StringRef Text, StringRef Name) {
  return Parser(Name).run(Text);
}

Expected<HelperDB> HelperDB::loadFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(
        Buf.getError(), Path + ": cannot read: " + Buf.getError().message());
  return parse((*Buf)->getBuffer(), Path);
}

} // namespace helperguard
