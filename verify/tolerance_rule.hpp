// The written rule that chooses a new op's tolerance class when no person declared one (DESIGN §4.6):
// chosen from the op's family and result type, printed with its reason, recorded in op.json, shown in the
// prompt and the report. Never silently exact, and never by the LLM.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::verify {

struct ToleranceChoice {
  Tolerance tolerance;
  std::string reason;  // one sentence: the family the op falls in and why that class
};

// The rule, first match wins:
//   1. no float in the result (ints, bools, text, containers of them)            -> exact
//   2. numpy reductions, products and norms (pairwise sums, SIMD, BLAS)          -> reduction:2
//   3. numpy.linalg (LAPACK: pivoting and blocking depend on the build)          -> reduction:4
//   4. numpy transcendental ufuncs (SIMD/SVML loops that vary with the CPU)      -> ulp:4
//   5. IEEE basic operations in numpy (+ - * / sqrt, rounding, min/max, moves)   -> exact
//   6. Python's math, builtins, operator and methods (correctly rounded, or the
//      same libm CPython calls)                                                  -> exact
//   7. any other numpy function with float results                               -> reduction:2
ToleranceChoice choose_tolerance(std::string_view qualname, const Signature& sig);

// One class for an op filled at several signatures (op.json holds one): the rule at the first signature
// whose result holds floats, since a class only ever relaxes float comparisons; exact when none does.
ToleranceChoice choose_op_tolerance(std::string_view qualname, const std::vector<Signature>& signatures);

}  // namespace opsynth::verify
