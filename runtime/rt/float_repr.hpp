// repr(float) byte-identical to CPython: shortest round-trip digits, then Python's layout rules.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace rt {

namespace detail {

// The shortest digits that round-trip, as std::to_chars finds them (the same digits as dtoa mode 0):
// `digits` without a decimal point and decpt such that value = 0.<digits> * 10**decpt.
struct shortest_decimal {
  bool negative = false;
  char digits[24] = {};
  int count = 0;
  int decpt = 0;
};

inline shortest_decimal shortest_digits(double x) {
  char buf[40];
  const auto result = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  shortest_decimal d;
  const char* p = buf;
  if (*p == '-') {
    d.negative = true;
    ++p;
  }
  for (; *p != 'e'; ++p) {
    if (*p != '.') d.digits[d.count++] = *p;
  }
  ++p;  // 'e'
  int exponent = 0;
  std::from_chars(*p == '+' ? p + 1 : p, result.ptr, exponent);
  d.decpt = exponent + 1;
  return d;
}

}  // namespace detail

// Python switches to exponent notation when decpt <= -4 or decpt > 16 (repr(1e16) == '1e+16',
// repr(1e-05) == '1e-05'); fixed notation always shows a fractional part ('1.0').
inline std::string float_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  const detail::shortest_decimal d = detail::shortest_digits(x);
  std::string out;
  out.reserve(32);
  if (d.negative) out += '-';
  if (d.decpt <= -4 || d.decpt > 16) {
    out += d.digits[0];
    if (d.count > 1) {
      out += '.';
      out.append(d.digits + 1, d.count - 1);
    }
    const int exponent = d.decpt - 1;
    out += exponent < 0 ? "e-" : "e+";
    const int magnitude = std::abs(exponent);
    if (magnitude < 10) out += '0';
    out += std::to_string(magnitude);
  } else if (d.decpt <= 0) {
    out += "0.";
    out.append(-d.decpt, '0');
    out.append(d.digits, d.count);
  } else if (d.decpt >= d.count) {
    out.append(d.digits, d.count);
    out.append(d.decpt - d.count, '0');
    out += ".0";
  } else {
    out.append(d.digits, d.decpt);
    out += '.';
    out.append(d.digits + d.decpt, d.count - d.decpt);
  }
  return out;
}

}  // namespace rt
