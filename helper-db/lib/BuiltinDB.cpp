//===- BuiltinDB.cpp - The helper database compiled into the binary -------===//
//
// helper-db/data/*.json are embedded at build time (BuiltinData.inc, made by
// helper-db/CMakeLists.txt) and merged in file-name order on first use. A
// builtin file that does not parse is a bug in this project, not a user
// error: it aborts with the parser's message.
//
//===----------------------------------------------------------------------===//

#include "helperguard/HelperDB.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace helperguard {

namespace {

struct BuiltinFile {
  const char *Name;
  const char *Text;
};

const BuiltinFile BuiltinFiles[] = {
#include "BuiltinData.inc"
};

HelperDB loadBuiltin() {
  HelperDB DB;
  for (const BuiltinFile &F : BuiltinFiles) {
    Expected<HelperDB> Part =
        HelperDB::parse(F.Text, (Twine("<builtin>/") + F.Name).str());
    if (!Part)
      report_fatal_error(Twine("helperguard: internal error: the builtin "
                               "helper database is malformed: ") +
                         toString(Part.takeError()));
    DB.merge(*Part);
  }
  return DB;
}

} // namespace

const HelperDB &HelperDB::builtin() {
  static const HelperDB DB = loadBuiltin();
  return DB;
}

} // namespace helperguard
