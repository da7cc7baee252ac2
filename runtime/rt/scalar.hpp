// numpy scalar types (numpy.float64, numpy.int32, ...) as thin wrappers, distinct from Python float/int.
#pragma once

#include <complex>
#include <cstdint>

namespace rt {

// A numpy scalar of element type T. It is a distinct type so overloads can follow numpy's rules
// (wrapping int arithmetic, float32 rounding) where they differ from Python's float and int.
template <class T>
struct np_scalar {
  using value_type = T;
  T value{};

  constexpr np_scalar() = default;
  constexpr explicit np_scalar(T v) : value(v) {}

  constexpr T get() const { return value; }
  constexpr explicit operator T() const { return value; }
  // Element equality as numpy's ==: IEEE for floats, so NaN != NaN.
  constexpr bool operator==(const np_scalar& other) const { return value == other.value; }
};

using float64 = np_scalar<double>;
using float32 = np_scalar<float>;
using int64 = np_scalar<std::int64_t>;
using int32 = np_scalar<std::int32_t>;
using complex128 = np_scalar<std::complex<double>>;
using bool_ = np_scalar<bool>;

}  // namespace rt
