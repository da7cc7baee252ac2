// op: builtins.abs
// sig: float64 -> float64
// generic: yes
// tolerance: exact
// note: abs() of a numpy scalar is numpy.absolute at its dtype: floats clear the sign bit (-0.0 -> 0.0, NaN stays NaN); integers wrap as numpy's do (abs of the most negative value is itself, with a RuntimeWarning); bool_ is itself
#include <cmath>
#include <cstdint>
#include <type_traits>
namespace oplib::builtins {
template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, float> || std::is_same_v<T, std::int64_t> ||
           std::is_same_v<T, std::int32_t> || std::is_same_v<T, bool>)
inline rt::np_scalar<T> abs(rt::np_scalar<T> x) {
  if constexpr (std::is_floating_point_v<T>) {
    return rt::np_scalar<T>(std::fabs(x.value));
  } else if constexpr (std::is_same_v<T, bool>) {
    return x;
  } else {
    // Two's complement negation without signed overflow: the most negative value maps to itself.
    using U = std::make_unsigned_t<T>;
    const U u = static_cast<U>(x.value);
    return rt::np_scalar<T>(x.value < 0 ? static_cast<T>(U(0) - u) : x.value);
  }
}
}  // namespace oplib::builtins
