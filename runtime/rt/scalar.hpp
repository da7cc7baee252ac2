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
using uint8 = np_scalar<std::uint8_t>;
using int8 = np_scalar<std::int8_t>;
using int16 = np_scalar<std::int16_t>;
using uint16 = np_scalar<std::uint16_t>;
using uint32 = np_scalar<std::uint32_t>;
using uint64 = np_scalar<std::uint64_t>;
using complex64 = np_scalar<std::complex<float>>;
// Arithmetic on these follows numpy, not C++ (uint8 + uint8 is a uint8 that wraps; C++ gives an int):
// rt/promote.hpp holds the rules, and operators call it.

}  // namespace rt
