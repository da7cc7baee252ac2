// op: numpy.int64
// sig: float -> int64
// generic: yes
// tolerance: exact
// note: np.int64(x) of a Python bool, int or float or a numpy real scalar: floats truncate toward zero; NaN is ValueError, inf and values outside int64 are OverflowError (CPython's int conversion messages)
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::numpy::detail_int64_scalar {
template <class T>
struct real : std::bool_constant<std::is_arithmetic_v<T>> {};
template <class T>
struct real<rt::np_scalar<T>> : std::bool_constant<std::is_arithmetic_v<T>> {};

template <class T>
std::int64_t from(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    const double d = static_cast<double>(v);
    if (std::isnan(d)) throw rt::ValueError("cannot convert float NaN to integer");
    if (std::isinf(d)) throw rt::OverflowError("cannot convert float infinity to integer");
    const double t = std::trunc(d);
    constexpr double lo = -9223372036854775808.0;  // -2^63 and 2^63, exact in double
    if (!(t >= lo && t < -lo)) throw rt::OverflowError("Python int too large to convert to C long");
    return static_cast<std::int64_t>(t);
  } else {
    return static_cast<std::int64_t>(v);
  }
}
template <class T>
std::int64_t value_of(const T& x) {
  return from(x);
}
template <class T>
std::int64_t value_of(const rt::np_scalar<T>& x) {
  return from(x.value);
}
}  // namespace oplib::numpy::detail_int64_scalar

namespace oplib::numpy {
template <class T>
  requires detail_int64_scalar::real<T>::value
rt::int64 int64(const T& x) {
  return rt::int64(detail_int64_scalar::value_of(x));
}
}  // namespace oplib::numpy
