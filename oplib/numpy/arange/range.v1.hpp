// op: numpy.arange
// sig: int -> ndarray[int64,1]
// sig: float, float, float -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// domain: {"int_min": -10, "int_max": 3000, "float_min": 0.25, "float_max": 1000.0}
// note: numpy's length ceil((stop-start)/step) and fill start + i*((start+step)-start); step 0 -> ZeroDivisionError, nan length -> ValueError; domain keeps lengths allocatable (tiny float steps make numpy raise _ArrayMemoryError); negative steps were NOT verified (domain is positive); the int, int overload is present but unverified (probe problem, see report)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy::detail_numpy_arange_range {
// numpy 1.24 PyArray_ArangeObj / _calc_length / _arange_safe_ceil_to_intp for Python float arguments.
inline std::int64_t arange_length(double start, double stop, double step) {
  const double delta = stop - start;
  if (step == 0.0) throw rt::ZeroDivisionError("float division by zero");
  const double value = delta / step;
  if (value == 0.0 && delta != 0.0) return std::signbit(value) ? 0 : 1;
  const double ivalue = std::ceil(value);
  if (std::isnan(ivalue)) throw rt::ValueError("arange: cannot compute length");
  if (!(-9223372036854775808.0 <= ivalue && ivalue <= 9223372036854775808.0)) {
    throw rt::ValueError("Maximum allowed size exceeded");
  }
  if (ivalue >= 9223372036854775808.0) return INT64_MIN;  // (npy_intp)2**63 on x86
  return static_cast<std::int64_t>(ivalue);
}
}  // namespace oplib::numpy::detail_numpy_arange_range

namespace oplib::numpy {
inline rt::ndarray<std::int64_t, 1> arange(std::int64_t a0) {
  const std::int64_t n = a0 > 0 ? a0 : 0;
  auto out = rt::ndarray<std::int64_t, 1>::empty({n});
  std::int64_t* p = out.data();
  for (std::int64_t i = 0; i < n; ++i) p[i] = i;
  return out;
}
inline rt::ndarray<std::int64_t, 1> arange(std::int64_t a0, std::int64_t a1) {
  const std::int64_t n = a1 > a0 ? a1 - a0 : 0;
  auto out = rt::ndarray<std::int64_t, 1>::empty({n});
  std::int64_t* p = out.data();
  for (std::int64_t i = 0; i < n; ++i) p[i] = a0 + i;
  return out;
}
inline rt::ndarray<double, 1> arange(double a0, double a1, double a2) {
  std::int64_t n = detail_numpy_arange_range::arange_length(a0, a1, a2);
  if (n < 0) n = 0;
  if (n > (INT64_MAX / 8)) {
    throw rt::ValueError("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.");
  }
  auto out = rt::ndarray<double, 1>::empty({n});
  double* p = out.data();
  if (n >= 1) p[0] = a0;
  if (n >= 2) p[1] = a0 + a2;
  if (n > 2) {
    const double start = p[0];
    const double delta = p[1] - p[0];
    for (std::int64_t i = 2; i < n; ++i) p[i] = start + static_cast<double>(i) * delta;
  }
  return out;
}
}  // namespace oplib::numpy
