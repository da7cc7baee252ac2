// Tolerance classes (DESIGN §4.6): how a candidate's float results may differ from CPython's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/types.hpp"

namespace opsynth::verify {

struct Tolerance {
  enum class Kind {
    Exact,      // bit for bit (any NaN equals any NaN; -0.0 differs from 0.0)
    Ulp,        // elementwise floats within `ulps` units in the last place; zeros' signs must match
    Reduction,  // |got - expected| <= factor * eps * n * sum(|x|) over the finite numeric inputs
    // |got - expected| <= factor * eps * n * sum(|x| + x^2): sums of products of two inputs in any order
    // (einsum, matmul), whose terms outgrow sum(|x|) once inputs pass 1 in magnitude.
    Products,
    // |got - expected| <= atol + rtol * |expected|, as numpy.isclose: for a composed function whose
    // cancellation no bound relative to the inputs captures; a person's choice, with a float domain.
    Close,
  };
  Kind kind = Kind::Exact;
  // Ulp: the allowance. Reduction, Products: an element within this many ulp passes even past the
  // bound (a composed function's exp is a few ulp off at any magnitude, which no input-relative bound sees).
  std::int64_t ulps = 0;
  double factor = 2.0;     // Reduction, Products
  double rtol = 0.0, atol = 0.0;  // Close

  bool operator==(const Tolerance&) const = default;
  // A bound relative to the inputs' magnitudes (reduction or products): zeros' signs do not count.
  bool bounded_by_inputs() const { return kind == Kind::Reduction || kind == Kind::Products; }
};

// "exact", "ulp:N" (0 <= N <= 2^20), "reduction", "reduction:F" (F > 0), "products", "products:F",
// either bound followed by "+ulp:N", or "close:RTOL,ATOL" (both >= 0, not both 0).
Result<Tolerance> parse_tolerance(std::string_view text);
std::string to_string(const Tolerance& t);

// When no person and no op.json declares a class, verify/tolerance_rule.hpp chooses one.

}  // namespace opsynth::verify
