// expect: accept
#pragma once
#include <cmath>

namespace oplib::math {

// math.sqrt(float): ValueError for negative input, like CPython.
double sqrt(double x) {
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x);
}

}  // namespace oplib::math
