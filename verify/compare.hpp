// Comparators: does a candidate's outcome match CPython's under the op's tolerance class?
#pragma once

#include <optional>
#include <string>

#include "verify/case.hpp"
#include "verify/outcome.hpp"
#include "verify/tolerance.hpp"

namespace opsynth::verify {

// The first difference found, in the fixed order of DESIGN/STYLE: exception class, then type,
// shape, dtype, values; then effects on the arguments.
struct Mismatch {
  std::string stage;    // "exception", "type", "shape", "dtype", "value", "effect", "sharing"
  std::string where;    // "result", "result[1]", "result[1, 0]", "argument 0 after the call"
  std::string expected; // repr of what CPython gave at `where`
  std::string got;      // repr of what the candidate gave at `where`
  std::string detail;   // e.g. "3 ulp apart (allowed 1)"

  std::string describe() const;  // one line for reports
};

// `c` supplies the input magnitudes that bound the error of a reduction.
std::optional<Mismatch> compare_outcomes(const Outcome& expected, const Outcome& got,
                                         const Tolerance& tolerance, const Case& c);

// Units in the last place between two finite or infinite doubles of the same sign class
// (0 when bit-identical). Exposed for tests.
std::uint64_t ulp_distance(double a, double b);
std::uint64_t ulp_distance(float a, float b);

}  // namespace opsynth::verify
