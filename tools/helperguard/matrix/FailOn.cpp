//===- FailOn.cpp - Parse and evaluate --fail-on conditions ---------------===//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
// The grammar is in FailOn.h. "peak-states" holds a '-': a term's operator
// is its last '+' or '-'.
//
//===----------------------------------------------------------------------===//

#include "FailOn.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace helperguard {
namespace tool {
namespace matrix {

std::string Condition::heldBy(const Row &R) const {
  switch (Kind) {
  case RejectFlip:
    return R.rejectFlip() ? "accepted -> rejected" : "";
  case AcceptFlip:
    return R.acceptFlip() ? "rejected -> accepted" : "";
  case AnyFlip:
    return R.rejectFlip()   ? "accepted -> rejected"
           : R.acceptFlip() ? "rejected -> accepted"
                            : "";
  case Missing:
    return R.Base.Present && !R.New.Present
               ? "no result in NEW: " + R.New.Absent
               : "";
  case Grows:
  case Shrinks: {
    std::optional<int64_t> D = R.delta(M);
    if (!D || !R.Base.Loaded || !R.New.Loaded)
      return "";
    double Change = Kind == Grows ? double(*D) : -double(*D);
    double Base = double(*R.Base.Values[M]);
    bool Holds =
        Percent ? (Change > 0 && (Base == 0 || Change * 100.0 > Limit * Base))
                : Change > Limit;
    if (!Holds)
      return "";
    std::string S = formatv("{0} {1} -> {2}", MetricNames[M], *R.Base.Values[M],
                            *R.New.Values[M]);
    if (Base != 0)
      S += " (" + percent(*D, Base) + ")";
    return S;
  }
  }
  return "";
}

Expected<std::vector<Condition>> parseFailOn(StringRef Spec) {
  std::vector<Condition> Cs;
  SmallVector<StringRef, 8> Terms;
  Spec.split(Terms, ',', -1, false);
  for (StringRef T : Terms) {
    T = T.trim();
    Condition C;
    C.Text = T.str();
    if (T == "reject-flip")
      C.Kind = Condition::RejectFlip;
    else if (T == "accept-flip")
      C.Kind = Condition::AcceptFlip;
    else if (T == "flip")
      C.Kind = Condition::AnyFlip;
    else if (T == "missing")
      C.Kind = Condition::Missing;
    else {
      // "peak-states" holds a '-': the operator is the last + or -.
      size_t Op = T.find_last_of("+-");
      std::optional<Metric> M =
          Op == StringRef::npos ? std::nullopt : metricByName(T.take_front(Op));
      StringRef Num = Op == StringRef::npos ? "" : T.drop_front(Op + 1);
      C.Percent = Num.consume_back("%");
      double L = 0;
      if (!M || Num.empty() || Num.getAsDouble(L) || L < 0)
        return createStringError(
            inconvertibleErrorCode(),
            "--fail-on: '" + T +
                "' is not a condition (reject-flip, accept-flip, flip, "
                "missing, or METRIC+N, METRIC+N%, METRIC-N, METRIC-N% with "
                "METRIC one of insns, states, peak-states, stack, xlated, "
                "removed)");
      C.Kind = T[Op] == '+' ? Condition::Grows : Condition::Shrinks;
      C.M = *M;
      C.Limit = L;
    }
    Cs.push_back(std::move(C));
  }
  if (Cs.empty())
    return createStringError(inconvertibleErrorCode(),
                             "--fail-on needs at least one condition");
  return Cs;
}

} // namespace matrix
} // namespace tool
} // namespace helperguard
