// numpy 1.24's dtype promotion and integer arithmetic on element types, for every dtype of the type
// language: where C++ differs from numpy (uint8 + uint8 is an int in C++, a wrapping uint8 in numpy;
// int64 with uint64 is a float64 in numpy), operators follow these instead of C++'s usual conversions.
#pragma once

#include <complex>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "exceptions.hpp"
#include "ufunc.hpp"

namespace rt::promote {

template <class T>
inline constexpr bool is_complex_v = false;
template <class T>
inline constexpr bool is_complex_v<std::complex<T>> = true;

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// The element types of the type language's dtypes.
template <class T>
concept element = std::is_same_v<T, bool> || is_int_v<T> || std::is_floating_point_v<T> || is_complex_v<T>;

namespace detail {
template <std::size_t Bytes, bool Signed>
struct int_of;
template <>
struct int_of<1, true> {
  using type = std::int8_t;
};
template <>
struct int_of<2, true> {
  using type = std::int16_t;
};
template <>
struct int_of<4, true> {
  using type = std::int32_t;
};
template <>
struct int_of<8, true> {
  using type = std::int64_t;
};
template <>
struct int_of<1, false> {
  using type = std::uint8_t;
};
template <>
struct int_of<2, false> {
  using type = std::uint16_t;
};
template <>
struct int_of<4, false> {
  using type = std::uint32_t;
};
template <>
struct int_of<8, false> {
  using type = std::uint64_t;
};

template <class T>
struct real_of {
  using type = T;
};
template <class T>
struct real_of<std::complex<T>> {
  using type = T;
};

// The float a given integer type promotes with (numpy's "can cast safely" rule): int8/uint8/int16/uint16
// fit a float32, wider ones need a float64.
template <class I>
using float_for_int = std::conditional_t<(sizeof(I) <= 2), float, double>;

template <class A, class B>
constexpr auto promote() {
  if constexpr (std::is_same_v<A, B>) {
    return std::type_identity<A>{};
  } else if constexpr (std::is_same_v<A, bool>) {
    return std::type_identity<B>{};
  } else if constexpr (std::is_same_v<B, bool>) {
    return std::type_identity<A>{};
  } else if constexpr (is_int_v<A> && is_int_v<B>) {
    if constexpr (std::is_signed_v<A> == std::is_signed_v<B>) {
      return std::type_identity<std::conditional_t<(sizeof(A) >= sizeof(B)), A, B>>{};
    } else {
      using S = std::conditional_t<std::is_signed_v<A>, A, B>;
      using U = std::conditional_t<std::is_signed_v<A>, B, A>;
      if constexpr (sizeof(S) > sizeof(U))
        return std::type_identity<S>{};
      else if constexpr (sizeof(U) < 8)
        return std::type_identity<typename int_of<2 * sizeof(U), true>::type>{};
      else
        return std::type_identity<double>{};  // uint64 with any signed int: numpy gives float64
    }
  } else if constexpr (is_complex_v<A> || is_complex_v<B>) {
    // The complex of the promoted real parts.
    using R = typename decltype(promote<typename real_of<A>::type, typename real_of<B>::type>())::type;
    return std::type_identity<std::complex<R>>{};
  } else {  // floats with floats or ints
    using FA = std::conditional_t<is_int_v<A>, float_for_int<A>, A>;
    using FB = std::conditional_t<is_int_v<B>, float_for_int<B>, B>;
    return std::type_identity<std::conditional_t<(sizeof(FA) >= sizeof(FB)), FA, FB>>{};
  }
}
}  // namespace detail

// np.promote_types on element types: promote_t<std::uint8_t, std::int8_t> is std::int16_t.
template <class A, class B>
using promote_t = typename decltype(detail::promote<A, B>())::type;

// The dtype of an operation between operands (ndarrays, numpy scalars, Python scalars) under numpy 1.24,
// given that each Python int fits the dtype it meets (value-based casting then keeps the array's dtype):
// arrays and numpy scalars promote by promote_t; a Python int takes the other side's integer dtype (int64
// alone); a Python float turns integers into float64 and keeps a float dtype; a Python bool is a bool.
// (numpy 1.24 also reads numpy scalars by value, which this does not: operators taking one state it.)
template <class A, class B>
constexpr auto result_element() {
  using EA = ufunc::elem_t<A>;
  using EB = ufunc::elem_t<B>;
  constexpr bool py_a =
      !ufunc::operand<std::decay_t<A>>::array && !ufunc::operand<std::decay_t<A>>::numpy_scalar;
  constexpr bool py_b =
      !ufunc::operand<std::decay_t<B>>::array && !ufunc::operand<std::decay_t<B>>::numpy_scalar;
  if constexpr (py_a && !py_b) {
    if constexpr (std::is_same_v<EA, double> && (is_int_v<EB> || std::is_same_v<EB, bool>))
      return std::type_identity<double>{};
    else if constexpr (std::is_same_v<EA, std::int64_t> && std::is_same_v<EB, bool>)
      return std::type_identity<std::int64_t>{};
    else
      return std::type_identity<EB>{};
  } else if constexpr (py_b && !py_a) {
    return result_element<B, A>();
  } else {
    return std::type_identity<promote_t<EA, EB>>{};
  }
}
template <class A, class B>
using result_t = typename decltype(result_element<A, B>())::type;

// A value converted to element type To as numpy casts (integers wrap modulo 2^bits; bool is x != 0).
template <class To, class From>
constexpr To cast(From x) {
  if constexpr (std::is_same_v<To, bool>)
    return x != From{};
  else if constexpr (is_complex_v<To> && !is_complex_v<From>)
    return To(static_cast<typename To::value_type>(x));
  else
    return static_cast<To>(x);  // C++20: integer conversions are modular
}

// Integer +, -, * in the width of T, wrapping modulo 2^bits as numpy's loops do (no C++ promotion to int,
// no signed overflow).
template <class T>
constexpr T wrapping_add(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
}
template <class T>
constexpr T wrapping_sub(T a, T b) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
}
template <class T>
constexpr T wrapping_mul(T a, T b) {
  // uint16 * uint16 would promote to int and overflow it: multiply in a wide enough unsigned type.
  using W = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
  return static_cast<T>(static_cast<W>(static_cast<W>(static_cast<std::make_unsigned_t<T>>(a)) *
                                       static_cast<W>(static_cast<std::make_unsigned_t<T>>(b))));
}

// numpy's integer floor division and remainder: by zero both give 0 (numpy warns, never raises); the
// quotient rounds toward -inf and the remainder takes the divisor's sign; MIN // -1 wraps to MIN.
template <class T>
constexpr T floor_divide(T a, T b) {
  if (b == 0) return 0;
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return wrapping_sub<T>(0, a);
    T q = static_cast<T>(a / b);
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
  } else {
    return static_cast<T>(a / b);
  }
}
template <class T>
constexpr T remainder(T a, T b) {
  if (b == 0) return 0;
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return 0;
    T r = static_cast<T>(a % b);
    if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    return r;
  } else {
    return static_cast<T>(a % b);
  }
}

// numpy's name of an element type's dtype, for messages.
template <class T>
constexpr const char* dtype_name() {
  if constexpr (std::is_same_v<T, bool>)
    return "bool";
  else if constexpr (std::is_same_v<T, std::int8_t>)
    return "int8";
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return "int16";
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return "int32";
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return "int64";
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return "uint8";
  else if constexpr (std::is_same_v<T, std::uint16_t>)
    return "uint16";
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return "uint32";
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return "uint64";
  else if constexpr (std::is_same_v<T, float>)
    return "float32";
  else if constexpr (std::is_same_v<T, double>)
    return "float64";
  else if constexpr (std::is_same_v<T, std::complex<float>>)
    return "complex64";
  else
    return "complex128";
}

// A Python int meeting an array of integer dtype T: numpy 1.24 widens the result's dtype when the int does
// not fit T; a static type cannot, so such an int raises what numpy 2 raises for it (NEP 50).
template <class T>
T python_int_as(std::int64_t v) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return v;
  } else {
    const bool fits = std::is_signed_v<T>
                          ? (v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                             v <= static_cast<std::int64_t>(std::numeric_limits<T>::max()))
                          : (v >= 0 && static_cast<std::uint64_t>(v) <= std::numeric_limits<T>::max());
    if (!fits)
      throw OverflowError("Python integer " + std::to_string(v) + " out of bounds for " + dtype_name<T>());
    return static_cast<T>(v);
  }
}

}  // namespace rt::promote
