// repr(float) byte-identical to CPython: shortest round-trip digits, then Python's layout rules.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

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
  char out[40];  // longest: "-0.000" + 17 digits, or "-d." + 16 digits + "e-308"
  char* p = out;
  auto put = [&p](const char* from, int n) {
    for (int k = 0; k < n; ++k) *p++ = from[k];
  };
  auto zeros = [&p](int n) {
    for (int k = 0; k < n; ++k) *p++ = '0';
  };
  if (d.negative) *p++ = '-';
  if (d.decpt <= -4 || d.decpt > 16) {
    *p++ = d.digits[0];
    if (d.count > 1) {
      *p++ = '.';
      put(d.digits + 1, d.count - 1);
    }
    const int exponent = d.decpt - 1;
    *p++ = 'e';
    *p++ = exponent < 0 ? '-' : '+';
    const int magnitude = std::abs(exponent);
    if (magnitude >= 100) *p++ = static_cast<char>('0' + magnitude / 100);
    *p++ = static_cast<char>('0' + magnitude / 10 % 10);
    *p++ = static_cast<char>('0' + magnitude % 10);
  } else if (d.decpt <= 0) {
    put("0.", 2);
    zeros(-d.decpt);
    put(d.digits, d.count);
  } else if (d.decpt >= d.count) {
    put(d.digits, d.count);
    zeros(d.decpt - d.count);
    put(".0", 2);
  } else {
    put(d.digits, d.decpt);
    *p++ = '.';
    put(d.digits + d.decpt, d.count - d.decpt);
  }
  return std::string(out, p);
}

}  // namespace rt
