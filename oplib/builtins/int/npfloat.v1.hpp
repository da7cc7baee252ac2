// op: builtins.int
// sig: float64 -> int
// generic: yes
// tolerance: exact
// note: int() of a numpy float64 or float32 scalar: as int() of the float it holds, truncation toward zero; NaN raises ValueError, inf OverflowError, and results outside int64 OverflowError
#include <cstdint>
#include <type_traits>

namespace oplib::builtins {
template <class T>
  requires std::is_floating_point_v<T>
inline std::int64_t int_(const rt::np_scalar<T>& x) {
  return rt::float_to_int(static_cast<double>(x.value));
}
}  // namespace oplib::builtins
