// Python float semantics on double: division family, power, round, int(x), float(str), is_integer.
// Each function follows the CPython 3.11 code path (floatobject.c) so results and messages match.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>

#include "exceptions.hpp"
#include "float_repr.hpp"
#include "repr.hpp"
#include "str.hpp"

namespace rt {

inline double float_truediv(double a, double b) {
  if (b == 0.0) [[unlikely]] raise_cold<ZeroDivisionError>("float division by zero");
  return a / b;
}

// a % b takes the sign of b; a zero remainder is a zero with b's sign (float_rem).
inline double float_mod(double a, double b) {
  if (b == 0.0) [[unlikely]] raise_cold<ZeroDivisionError>("float modulo");
  double mod = std::fmod(a, b);
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) mod += b;
  } else {
    mod = std::copysign(0.0, b);
  }
  return mod;
}

namespace detail {

// _float_div_mod: the floor quotient is computed from (a - mod) / b, which is exact or nearly so,
// then snapped to an integer; a zero quotient keeps the sign of a / b.
inline std::tuple<double, double> float_div_mod(double a, double b) {
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, b);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, a / b);
  }
  return {floordiv, mod};
}

}  // namespace detail

inline double float_floordiv(double a, double b) {
  if (b == 0.0) [[unlikely]] raise_cold<ZeroDivisionError>("float floor division by zero");
  return std::get<0>(detail::float_div_mod(a, b));
}

inline std::tuple<double, double> float_divmod(double a, double b) {
  if (b == 0.0) [[unlikely]] raise_cold<ZeroDivisionError>("float divmod()");
  return detail::float_div_mod(a, b);
}

namespace detail {

inline bool is_odd_integer(double x) { return std::fmod(std::fabs(x), 2.0) == 1.0; }

}  // namespace detail

// x ** y as float_pow does it: special values first, then libm pow with errno checked like
// _Py_ADJUST_ERANGE1. Narrower than Python in one place: a negative base with a non-integral
// exponent gives a complex number in Python; a double cannot hold it, so we raise ValueError.
inline double float_pow(double x, double y) {
  if (y == 0.0) return 1.0;
  if (std::isnan(x)) return x;
  if (std::isnan(y)) return x == 1.0 ? 1.0 : y;
  if (std::isinf(y)) {
    const double ax = std::fabs(x);
    if (ax == 1.0) return 1.0;
    if ((y > 0.0) == (ax > 1.0)) return std::fabs(y);
    return 0.0;
  }
  if (std::isinf(x)) {
    const bool odd = detail::is_odd_integer(y);
    if (y > 0.0) return odd ? x : std::fabs(x);
    return odd ? std::copysign(0.0, x) : 0.0;
  }
  if (x == 0.0) {
    if (y < 0.0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
    return detail::is_odd_integer(y) ? x : 0.0;
  }
  bool negate = false;
  if (x < 0.0) {
    if (y != std::floor(y)) {
      // Python hands this to complex power, which raises when the modulus |x|**y overflows.
      if (std::isinf(std::pow(-x, y))) throw OverflowError("complex exponentiation");
      throw ValueError("negative number cannot be raised to a fractional power (Python gives a complex)");
    }
    x = -x;
    negate = detail::is_odd_integer(y);
  }
  if (x == 1.0) return negate ? -1.0 : 1.0;
  errno = 0;
  double r = std::pow(x, y);
  int error = errno;
  if (error == 0 && std::isinf(r)) error = ERANGE;
  if (error == ERANGE && r == 0.0) error = 0;
  if (error != 0) [[unlikely]] {
    throw OverflowError(error == ERANGE ? "(34, 'Numerical result out of range')"
                                        : "(33, 'Numerical argument out of domain')");
  }
  return negate ? -r : r;
}

inline bool float_is_integer(double x) { return std::isfinite(x) && x == std::floor(x); }

namespace detail {
[[noreturn, gnu::noinline, gnu::cold]] inline void float_to_int_failed(double x) {
  if (std::isnan(x)) throw ValueError("cannot convert float NaN to integer");
  if (std::isinf(x)) throw OverflowError("cannot convert float infinity to integer");
  throw OverflowError("integer overflow: result does not fit in int64");
}
}  // namespace detail

// int(x): truncation toward zero, with PyLong_FromDouble's messages for NaN and infinities. Every double
// in [-2**63, 2**63) truncates to an int64 (doubles that large are whole numbers, so "x in range" is
// "trunc(x) in range"). On x86-64 one cvttsd2si does it and answers 2**63's bit pattern for NaN, the
// infinities and every other out-of-range value, so the hot path is one integer compare (two float
// compares and branches were a tenth of a binning loop's instructions); only -2**63 itself shares that
// answer legitimately.
inline std::int64_t float_to_int(double x) {
  constexpr double two63 = 9223372036854775808.0;
#if defined(__x86_64__)
  // In asm: GCC treats _mm_cvttsd_si64 as a plain conversion, undefined out of range, and folded
  // int(inf) and int(nan) of constants to other values.
  std::int64_t r;
  __asm__("cvttsd2si %1, %0" : "=r"(r) : "x"(x));
  if (r == std::numeric_limits<std::int64_t>::min()) [[unlikely]] {
    if (x != -two63) detail::float_to_int_failed(x);
  }
  return r;
#else
  if (!(x >= -two63 && x < two63)) [[unlikely]] detail::float_to_int_failed(x);
  return static_cast<std::int64_t>(x);
#endif
}

// round(x): half to even, computed the way float.__round__ does it (not relying on the rounding mode).
inline std::int64_t float_round(double x) {
  double rounded = std::round(x);
  if (std::fabs(x - rounded) == 0.5) rounded = 2.0 * std::round(x / 2.0);
  return float_to_int(rounded);
}

namespace detail {

// Rounds a string of decimal digits to its first `keep` digits, half to even; `sticky` says nonzero
// digits follow the string. Returns the kept digits, possibly one longer after a carry ("99" -> "100").
inline std::string round_decimal_digits(std::string_view digits, std::size_t keep, bool sticky) {
  std::string kept(digits.substr(0, keep));
  if (keep >= digits.size()) return kept;
  const char first_dropped = digits[keep];
  const bool rest_nonzero = sticky || digits.find_first_not_of('0', keep + 1) != std::string_view::npos;
  const bool last_odd = !kept.empty() && ((kept.back() - '0') & 1);
  const bool up = first_dropped > '5' || (first_dropped == '5' && (rest_nonzero || last_odd));
  if (!up) return kept;
  std::size_t i = kept.size();
  while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
  if (i == 0) {
    kept.insert(kept.begin(), '1');
  } else {
    ++kept[i - 1];
  }
  return kept;
}

// Parses text produced by the rounding below; a result too large for a double is an OverflowError.
inline double parse_rounded(const char* first, const char* last) {
  double value = 0.0;
  const auto result = std::from_chars(first, last, value);
  if (result.ec == std::errc::result_out_of_range) {
    throw OverflowError("rounded value too large to represent");
  }
  return value;
}

}  // namespace detail

// round(x, n): the exact binary value of x is rounded to n decimal places, half to even (Python's
// double_round with dtoa mode 3), then read back correctly rounded. round(2.675, 2) == 2.67.
inline double float_round_ndigits(double x, std::int64_t ndigits) {
  constexpr std::int64_t kMaxDigits = 323;   // NDIGITS_MAX: beyond it x rounds to itself
  constexpr std::int64_t kMinDigits = -308;  // NDIGITS_MIN: below it x rounds to a signed zero
  if (!std::isfinite(x) || ndigits > kMaxDigits) return x;
  if (ndigits < kMinDigits) return 0.0 * x;
  char buf[800];
  if (ndigits >= 0) {
    // to_chars with a precision prints the exact value rounded half to even at that digit.
    const auto printed = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed,
                                       static_cast<int>(ndigits));
    return detail::parse_rounded(buf, printed.ptr);
  }
  // Negative ndigits: the integer part is printed exactly; a nonzero fraction only breaks ties.
  const double magnitude = std::fabs(x);
  const double whole = std::trunc(magnitude);
  const auto printed = std::to_chars(buf, buf + sizeof buf, whole, std::chars_format::fixed, 0);
  std::string_view digits(buf, printed.ptr - buf);
  if (digits == "0") digits = {};
  const auto places = static_cast<std::size_t>(-ndigits);
  std::string text = std::signbit(x) ? "-" : "";
  if (digits.size() < places) {
    text += "0";  // |x| < 10**(places-1) <= half a unit: rounds to zero
  } else {
    const std::string kept = detail::round_decimal_digits(digits, digits.size() - places, magnitude != whole);
    text += kept.empty() ? "0" : kept;
    text += "e" + std::to_string(places);
  }
  return detail::parse_rounded(text.data(), text.data() + text.size());
}

namespace detail {

inline constexpr char32_t kBadCodePoint = 0xFFFFFFFF;

// Decodes one UTF-8 code point at `pos` and advances; malformed input yields kBadCodePoint.
inline char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(s[pos++]);
  if (lead < 0x80) return lead;
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0 || lead > 0xF4) return kBadCodePoint;
  char32_t cp = lead & (0x3F >> extra);
  for (; extra > 0; --extra) {
    if (pos >= s.size() || (static_cast<unsigned char>(s[pos]) & 0xC0) != 0x80) return kBadCodePoint;
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos++]) & 0x3F);
  }
  return cp;
}

// Py_UNICODE_ISSPACE (Unicode 14, as in CPython 3.11).
inline bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// Py_UNICODE_TODECIMAL: every Unicode 14 decimal digit lies in a run of ten starting at one of these.
inline int unicode_decimal(char32_t c) {
  static constexpr std::array<char32_t, 66> zeros = {
      0x30,    0x660,   0x6f0,   0x7c0,   0x966,   0x9e6,   0xa66,   0xae6,   0xb66,   0xbe6,   0xc66,
      0xce6,   0xd66,   0xde6,   0xe50,   0xed0,   0xf20,   0x1040,  0x1090,  0x17e0,  0x1810,  0x1946,
      0x19d0,  0x1a80,  0x1a90,  0x1b50,  0x1bb0,  0x1c40,  0x1c50,  0xa620,  0xa8d0,  0xa900,  0xa9d0,
      0xa9f0,  0xaa50,  0xabf0,  0xff10,  0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
      0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
      0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0};
  const auto it = std::upper_bound(zeros.begin(), zeros.end(), c);
  if (it == zeros.begin()) return -1;
  const char32_t offset = c - *(it - 1);
  return offset < 10 ? static_cast<int>(offset) : -1;
}

[[noreturn]] inline void float_parse_error(std::string_view original) {
  throw ValueError("could not convert string to float: " + repr(str(original)));
}

// _PyUnicode_TransformDecimalAndSpaceToASCII: non-ASCII spaces become ' ', Unicode decimal digits
// become ASCII digits, anything else non-ASCII ends the text with '?' (which then fails to parse).
inline std::string to_ascii_number_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t c = next_code_point(s, pos);
    if (c < 127) {
      out += static_cast<char>(c);
    } else if (is_unicode_space(c)) {
      out += ' ';
    } else if (const int digit = unicode_decimal(c); digit >= 0) {
      out += static_cast<char>('0' + digit);
    } else {
      out += '?';
      break;
    }
  }
  return out;
}

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// _Py_string_to_number_with_underscores: an underscore must sit between two digits; drop them.
inline bool remove_underscores(std::string& text) {
  if (text.find('_') == std::string::npos) return true;
  std::string kept;
  char prev = '\0';
  for (const char c : text) {
    if (c == '_') {
      if (!is_ascii_digit(prev)) return false;
    } else {
      if (prev == '_' && !is_ascii_digit(c)) return false;
      kept += c;
    }
    prev = c;
  }
  if (prev == '_') return false;
  text = std::move(kept);
  return true;
}

inline bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

inline bool equals_ignoring_case(std::string_view text, std::string_view lower_word) {
  if (text.size() != lower_word.size()) return false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k] >= 'A' && text[k] <= 'Z' ? static_cast<char>(text[k] - 'A' + 'a') : text[k];
    if (c != lower_word[k]) return false;
  }
  return true;
}

// The decimal grammar of _Py_dg_strtod over the whole of `body` (sign already removed):
// digits [. digits] | . digits, then optionally e|E [sign] digits. No hex, no spaces.
// Sets `scale`, a saturated decimal order of magnitude, used to tell overflow from underflow.
inline bool is_decimal_literal(std::string_view body, std::int64_t& scale) {
  std::size_t pos = 0;
  std::size_t mantissa_digits = 0;
  std::int64_t first_nonzero = 0;  // decimal exponent of the leading nonzero digit, plus one
  bool seen_nonzero = false;
  std::int64_t integer_digits = 0;
  while (pos < body.size() && is_ascii_digit(body[pos])) {
    if (body[pos] != '0' && !seen_nonzero) seen_nonzero = true;
    if (seen_nonzero) ++integer_digits;
    ++pos;
    ++mantissa_digits;
  }
  first_nonzero = integer_digits;
  if (pos < body.size() && body[pos] == '.') {
    ++pos;
    std::int64_t leading_zeros = 0;
    while (pos < body.size() && is_ascii_digit(body[pos])) {
      if (!seen_nonzero) {
        if (body[pos] == '0') {
          ++leading_zeros;
        } else {
          seen_nonzero = true;
          first_nonzero = -leading_zeros;
        }
      }
      ++pos;
      ++mantissa_digits;
    }
  }
  if (mantissa_digits == 0) return false;
  std::int64_t exponent = 0;
  if (pos < body.size() && (body[pos] == 'e' || body[pos] == 'E')) {
    ++pos;
    bool negative = false;
    if (pos < body.size() && (body[pos] == '+' || body[pos] == '-')) negative = body[pos++] == '-';
    const std::size_t exponent_start = pos;
    while (pos < body.size() && is_ascii_digit(body[pos])) {
      exponent = std::min<std::int64_t>(exponent * 10 + (body[pos] - '0'), 1'000'000'000);
      ++pos;
    }
    if (pos == exponent_start) return false;
    if (negative) exponent = -exponent;
  }
  scale = first_nonzero + exponent;
  return pos == body.size();
}

}  // namespace detail

// float(s) for a str s (UTF-8): Unicode spaces and digits, underscores between digits, inf/infinity/nan
// in any case with an optional sign, decimal literals; anything else raises Python's ValueError.
inline double float_from_str(std::string_view s) {
  std::string text = detail::to_ascii_number_text(s);
  if (!detail::remove_underscores(text)) detail::float_parse_error(s);
  std::string_view body = text;
  while (!body.empty() && detail::is_ascii_space(body.front())) body.remove_prefix(1);
  while (!body.empty() && detail::is_ascii_space(body.back())) body.remove_suffix(1);
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  std::int64_t scale = 0;
  if (detail::is_decimal_literal(body, scale)) {
    double value = 0.0;
    const auto result = std::from_chars(body.data(), body.data() + body.size(), value);
    if (result.ec == std::errc::result_out_of_range) value = scale > 0 ? HUGE_VAL : 0.0;
    return negative ? -value : value;
  }
  if (detail::equals_ignoring_case(body, "inf") || detail::equals_ignoring_case(body, "infinity")) {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  if (detail::equals_ignoring_case(body, "nan")) {
    const double quiet = std::fabs(std::numeric_limits<double>::quiet_NaN());
    return negative ? -quiet : quiet;
  }
  detail::float_parse_error(s);
}

}  // namespace rt
