// op: numpy.uint64
// sig: int -> uint64
// generic: yes
// tolerance: exact
// note: np.uint64(x) of a Python bool or int: numpy 1.24 goes through a Python int and keeps it modulo 2^64 (np.uint64(300) wraps, with a DeprecationWarning for ints out of range)
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::detail_uint64_scalar {
template <class V>
std::uint64_t convert(V v) {
  if constexpr (std::is_floating_point_v<V>) {
    const double d = static_cast<double>(v);
    if (std::isnan(d)) throw rt::ValueError("cannot convert float NaN to integer");
    if (std::isinf(d)) throw rt::OverflowError("cannot convert float infinity to integer");
    const double t = std::trunc(d);
    constexpr double lo = -9223372036854775808.0;  // -2^63 and 2^63, exact in double
    if (!(t >= lo && t < -lo)) throw rt::OverflowError("Python int too large to convert to C long");
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(t));  // modular since C++20
  } else {
    return static_cast<std::uint64_t>(v);
  }
}
}  // namespace oplib::numpy::detail_uint64_scalar

namespace oplib::numpy {
template <class V>
  requires(std::is_same_v<V, bool> || std::is_same_v<V, std::int64_t> || false)
rt::np_scalar<std::uint64_t> uint64(V x) {
  return rt::np_scalar<std::uint64_t>(detail_uint64_scalar::convert(x));
}
}  // namespace oplib::numpy
