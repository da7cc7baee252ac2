// Python int semantics on int64_t: arithmetic, bit operations, true division, conversion to float and
// exact comparison with float. Where Python's unbounded int would leave int64 we raise OverflowError.
#pragma once

#include <bit>
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <tuple>

#include "exceptions.hpp"

namespace rt {

namespace detail {

// Python never raises here (its ints are unbounded); this is the one way int64 results differ.
[[noreturn]] inline void int_overflow() { raise_cold<OverflowError>("integer overflow: result does not fit in int64"); }

// |a| as an unsigned value; exact also for INT64_MIN.
inline constexpr std::uint64_t magnitude(std::int64_t a) {
  return a < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(a) : static_cast<std::uint64_t>(a);
}

}  // namespace detail

inline std::int64_t int_add(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_add_overflow(a, b, &r)) [[unlikely]] detail::int_overflow();
  return r;
}

inline std::int64_t int_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) [[unlikely]] detail::int_overflow();
  return r;
}

inline std::int64_t int_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) [[unlikely]] detail::int_overflow();
  return r;
}

inline std::int64_t int_neg(std::int64_t a) { return int_sub(0, a); }

inline std::int64_t int_abs(std::int64_t a) { return a < 0 ? int_neg(a) : a; }

inline std::int64_t int_invert(std::int64_t a) { return ~a; }
inline std::int64_t int_and(std::int64_t a, std::int64_t b) { return a & b; }
inline std::int64_t int_or(std::int64_t a, std::int64_t b) { return a | b; }
inline std::int64_t int_xor(std::int64_t a, std::int64_t b) { return a ^ b; }

// a // b rounds toward negative infinity (C++ truncates toward zero).
inline std::int64_t int_floordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]] raise_cold<ZeroDivisionError>("integer division or modulo by zero");
  if (b == -1) return int_neg(a);  // INT64_MIN // -1 is 2**63
  const std::int64_t q = a / b;
  return q - ((a % b != 0) & ((a < 0) != (b < 0)));
}

// a % b takes the sign of b.
inline std::int64_t int_mod(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]] raise_cold<ZeroDivisionError>("integer modulo by zero");
  if (b == -1) return 0;  // avoids INT64_MIN % -1, which traps in C++
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

inline std::tuple<std::int64_t, std::int64_t> int_divmod(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]] raise_cold<ZeroDivisionError>("integer division or modulo by zero");
  if (b == -1) return {int_neg(a), 0};
  std::int64_t q = a / b;
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) {
    q -= 1;
    r += b;
  }
  return {q, r};
}

// a ** b for b >= 0 by repeated squaring; a square is only taken when a higher exponent bit needs it,
// so an overflowing square always means an overflowing result.
inline std::int64_t int_pow(std::int64_t base, std::int64_t exponent) {
  if (exponent < 0) [[unlikely]] {
    throw ValueError("int_pow: negative exponent gives a float in Python; use int_pow_negative");
  }
  std::int64_t result = 1;
  while (true) {
    if (exponent & 1) result = int_mul(result, base);
    exponent >>= 1;
    if (exponent == 0) return result;
    base = int_mul(base, base);
  }
}

inline double int_to_float(std::int64_t a) {
  // The conversion rounds to nearest, ties to even, as PyLong_AsDouble does.
  return static_cast<double>(a);
}

// Python's int ** negative int: both operands become floats (exact for |a| <= 2**53, else rounded
// the same way Python rounds), then float power; only 0 ** negative can raise.
inline double int_pow_negative(std::int64_t base, std::int64_t exponent) {
  if (base == 0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
  const double x = int_to_float(base);
  const double y = int_to_float(exponent);
  // |x| >= 1 and y < 0: the result lies in [2**-63**|y|, 1], pow cannot overflow; underflow gives 0.
  if (x == 1.0) return 1.0;
  if (x == -1.0) return std::fmod(-y, 2.0) == 1.0 ? -1.0 : 1.0;
  if (x < 0.0) {
    const double r = std::pow(-x, y);
    return std::fmod(-y, 2.0) == 1.0 ? -r : r;
  }
  return std::pow(x, y);
}

namespace detail {

__extension__ typedef unsigned __int128 uint128;  // __extension__: silences -Wpedantic, g++ and clang have it

// Correctly rounded n / d for 0 < n, d < 2**64: scale so the integer quotient has 55..56 bits, keep
// a sticky bit for a nonzero remainder, and let the (exact-rounding) int->double conversion round it.
inline double divide_rounded(std::uint64_t n, std::uint64_t d) {
  const int shift = 55 + std::bit_width(d) - std::bit_width(n);
  uint128 num = n;
  uint128 den = d;
  if (shift >= 0) {
    num <<= shift;
  } else {
    den <<= -shift;
  }
  const auto q = static_cast<std::uint64_t>(num / den);
  const bool sticky = num % den != 0;
  return std::ldexp(static_cast<double>(q | std::uint64_t{sticky}), -shift);
}

}  // namespace detail

// a / b: Python rounds the exact quotient once; plain double division would round both operands
// first when they exceed 2**53.
inline double int_truediv(std::int64_t a, std::int64_t b) {
  if (b == 0) [[unlikely]] raise_cold<ZeroDivisionError>("division by zero");
  constexpr std::uint64_t exact = std::uint64_t{1} << 53;
  const std::uint64_t n = detail::magnitude(a);
  const std::uint64_t d = detail::magnitude(b);
  if (n <= exact && d <= exact) [[likely]] {
    return static_cast<double>(a) / static_cast<double>(b);
  }
  const bool negative = (a < 0) != (b < 0);
  const double q = n == 0 ? 0.0 : detail::divide_rounded(n, d);
  return negative ? -q : q;
}

// a << n: ValueError for a negative count, OverflowError when the result leaves int64.
inline std::int64_t int_lshift(std::int64_t a, std::int64_t n) {
  if (n < 0) [[unlikely]] raise_cold<ValueError>("negative shift count");
  if (a == 0) return 0;
  if (n > 63) detail::int_overflow();
  const std::int64_t r = static_cast<std::int64_t>(static_cast<std::uint64_t>(a) << n);
  if ((r >> n) != a) [[unlikely]] detail::int_overflow();
  return r;
}

// a >> n is floor division by 2**n, i.e. an arithmetic shift; large counts give 0 or -1.
inline std::int64_t int_rshift(std::int64_t a, std::int64_t n) {
  if (n < 0) [[unlikely]] raise_cold<ValueError>("negative shift count");
  return a >> (n > 63 ? 63 : n);
}

// Exact comparison of an int with a float, as float_richcompare does: no rounding of either side.
// NaN is unordered with everything.
inline std::partial_ordering int_float_compare(std::int64_t a, double x) {
  if (std::isnan(x)) return std::partial_ordering::unordered;
  constexpr double two63 = 9223372036854775808.0;
  if (x >= two63) return std::partial_ordering::less;
  if (x < -two63) return std::partial_ordering::greater;
  // Here -2**63 <= x < 2**63, so trunc(x) is an exact int64.
  const double whole = std::trunc(x);
  const auto t = static_cast<std::int64_t>(whole);
  if (a != t) return a < t ? std::partial_ordering::less : std::partial_ordering::greater;
  const double fraction = x - whole;  // exact
  if (fraction > 0.0) return std::partial_ordering::less;
  if (fraction < 0.0) return std::partial_ordering::greater;
  return std::partial_ordering::equivalent;
}

inline bool int_float_eq(std::int64_t a, double x) { return int_float_compare(a, x) == 0; }
inline bool int_float_ne(std::int64_t a, double x) { return !int_float_eq(a, x); }
inline bool int_float_lt(std::int64_t a, double x) { return int_float_compare(a, x) < 0; }
inline bool int_float_le(std::int64_t a, double x) { return int_float_compare(a, x) <= 0; }
inline bool int_float_gt(std::int64_t a, double x) { return int_float_compare(a, x) > 0; }
inline bool int_float_ge(std::int64_t a, double x) { return int_float_compare(a, x) >= 0; }

// The mirrored forms, float on the left.
inline std::partial_ordering float_int_compare(double x, std::int64_t a) {
  return 0 <=> int_float_compare(a, x);
}
inline bool float_int_eq(double x, std::int64_t a) { return int_float_eq(a, x); }
inline bool float_int_ne(double x, std::int64_t a) { return int_float_ne(a, x); }
inline bool float_int_lt(double x, std::int64_t a) { return int_float_gt(a, x); }
inline bool float_int_le(double x, std::int64_t a) { return int_float_ge(a, x); }
inline bool float_int_gt(double x, std::int64_t a) { return int_float_lt(a, x); }
inline bool float_int_ge(double x, std::int64_t a) { return int_float_le(a, x); }

}  // namespace rt
