// The numbers numpy writes into, or combines with, an array of T without changing its dtype.
#pragma once

#include <cstdint>
#include <type_traits>

#include "scalar.hpp"

namespace rt {

// float64 arrays take Python floats and ints (an int rounds as float(int) does) and float64 scalars;
// int64 arrays take Python ints and int64 scalars; arrays of the narrower integer dtypes (uint8, int16,
// uint32, ...) take Python ints, which numpy 1.24 writes modulo 2^bits (with a DeprecationWarning when
// out of range: a[m] = 256 writes 0 into uint8), as static_cast does since C++20.
template <class T, class V>
inline constexpr bool is_array_number =
    std::is_same_v<V, np_scalar<T>> ||
    (std::is_same_v<T, double> && (std::is_same_v<V, double> || std::is_same_v<V, std::int64_t>)) ||
    (std::is_same_v<T, std::int64_t> && std::is_same_v<V, std::int64_t>) ||
    (std::is_integral_v<T> && !std::is_same_v<T, bool> && std::is_same_v<V, std::int64_t>);

template <class T, class V>
  requires(is_array_number<T, V>)
T array_number(const V& v) {
  if constexpr (std::is_same_v<V, np_scalar<T>>) return v.value;
  else return static_cast<T>(v);
}

}  // namespace rt
