// rt::repr: Python's repr() for rt values — str byte-identical to CPython 3.11, ints, bools, None,
// floats (rt::float_repr) and containers (list, dict, tuple) built from their elements' reprs.
#pragma once

#include <algorithm>
#include <charconv>
#include <concepts>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "float_repr.hpp"
#include "none.hpp"
#include "str.hpp"
#include "unicode.hpp"

namespace rt {

template <class T>
class list;
template <class K, class V>
class dict;

// Declared together first so that container reprs find every element repr, whatever the order below.
inline std::string repr(const str& s);
inline std::string repr(const char* s);
inline std::string repr(bool b);
template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char32_t>)
std::string repr(I i);
inline std::string repr(double d);
inline std::string repr(none);
template <class T>
std::string repr(const std::optional<T>& o);
template <class... Ts>
std::string repr(const std::tuple<Ts...>& t);
template <class T>
std::string repr(const list<T>& l);
template <class K, class V>
std::string repr(const dict<K, V>& d);

namespace detail {

inline void append_hex_escape(std::string& out, char kind, char32_t cp, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '\\';
  out += kind;
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xf];
}

}  // namespace detail

// CPython's unicode_repr: single quotes unless the text has ' and no "; escapes for the quote,
// backslash, \t \n \r, other ASCII controls as \xhh, and non-printable non-ASCII as \xhh, \uhhhh or
// \Uhhhhhhhh; printable non-ASCII (str.isprintable) is kept as is.
inline std::string repr(const str& s) {
  const std::string_view b = s.utf8();
  const bool has_single = b.find('\'') != std::string_view::npos;
  const bool has_double = b.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(b.size() + 2);
  out += quote;
  for (std::size_t i = 0; i < b.size();) {
    const auto lead = static_cast<unsigned char>(b[i]);
    const std::size_t n = utf8::sequence_length(lead);
    if (lead < 0x80) {
      const char c = static_cast<char>(lead);
      if (c == quote || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '\t') {
        out += "\\t";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (lead < 0x20 || lead == 0x7f) {
        detail::append_hex_escape(out, 'x', lead, 2);
      } else {
        out += c;
      }
    } else {
      const char32_t cp = utf8::decode(b.data() + i);
      if (unicode::is_printable(cp)) {
        out.append(b.substr(i, n));
      } else if (cp <= 0xff) {
        detail::append_hex_escape(out, 'x', cp, 2);
      } else if (cp <= 0xffff) {
        detail::append_hex_escape(out, 'u', cp, 4);
      } else {
        detail::append_hex_escape(out, 'U', cp, 8);
      }
    }
    i += n;
  }
  out += quote;
  return out;
}

// Without this, a string literal would pick the bool overload (a standard conversion).
inline std::string repr(const char* s) { return repr(str(s)); }

inline std::string repr(bool b) { return b ? "True" : "False"; }

template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char32_t>)
std::string repr(I i) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, i);
  return std::string(buf, r.ptr);
}

inline std::string repr(double d) { return float_repr(d); }

inline std::string repr(none) { return "None"; }

template <class T>
std::string repr(const std::optional<T>& o) {
  return o ? repr(*o) : std::string("None");
}

// (), (a,), (a, b): a 1-tuple keeps its trailing comma, as in Python.
template <class... Ts>
std::string repr(const std::tuple<Ts...>& t) {
  std::string out = "(";
  std::apply(
      [&](const auto&... items) {
        std::size_t k = 0;
        ((out += (k++ ? ", " : ""), out += repr(items)), ...);
      },
      t);
  if constexpr (sizeof...(Ts) == 1) out += ',';
  return out + ")";
}

template <class T>
std::string repr(const list<T>& l) {
  std::string out = "[";
  bool first = true;
  for (const T& item : l) {
    if (!first) out += ", ";
    first = false;
    out += repr(item);
  }
  return out + "]";
}

template <class K, class V>
std::string repr(const dict<K, V>& d) {
  std::string out = "{";
  bool first = true;
  d.for_each_item([&](const K& key, const V& value) {
    if (!first) out += ", ";
    first = false;
    out += repr(key);
    out += ": ";
    out += repr(value);
  });
  return out + "}";
}

}  // namespace rt
