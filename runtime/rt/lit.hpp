// Literal[v] arguments as tag types: rt::lit<"fro">, rt::lit<false>, rt::lit<1>, rt::lit<2.5>, rt::lit<rt::inf>.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace rt {

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

enum class literal_kind : std::uint8_t { boolean, integer, floating, string };

// A structural value usable as a template argument. The kind is part of the value, so
// lit<1>, lit<true> and lit<1.0> are distinct types, as Literal[1], Literal[True], Literal[1.0] are.
// Members are public because C++20 requires it of class-type template arguments.
struct literal {
  static constexpr std::size_t max_length = 63;

  literal_kind kind = literal_kind::boolean;
  bool b = false;
  std::int64_t i = 0;
  double f = 0.0;
  char s[max_length + 1] = {};
  std::size_t length = 0;

  constexpr literal(bool v) : kind(literal_kind::boolean), b(v) {}  // NOLINT: implicit by design

  template <std::integral I>
    requires(!std::same_as<I, bool>)
  constexpr literal(I v) : kind(literal_kind::integer), i(static_cast<std::int64_t>(v)) {}  // NOLINT

  constexpr literal(double v) : kind(literal_kind::floating), f(v) {}  // NOLINT

  template <std::size_t N>
    requires(N >= 1 && N <= max_length + 1)
  constexpr literal(const char (&text)[N]) : kind(literal_kind::string), length(N - 1) {  // NOLINT
    for (std::size_t k = 0; k + 1 < N; ++k) s[k] = text[k];
  }
};

// The tag type. Accessors are constexpr so an implementation can `if constexpr` on them; an accessor of
// the wrong kind returns the zero of its type rather than failing, so discarded branches still compile.
template <literal V>
struct lit {
  static constexpr literal_kind kind = V.kind;
  static constexpr bool is_bool = kind == literal_kind::boolean;
  static constexpr bool is_int = kind == literal_kind::integer;
  static constexpr bool is_float = kind == literal_kind::floating;
  static constexpr bool is_str = kind == literal_kind::string;

  static constexpr bool as_bool() { return V.b; }
  static constexpr std::int64_t as_int() { return V.i; }
  static constexpr double as_float() { return V.f; }
  static constexpr std::string_view as_str() { return std::string_view(V.s, V.length); }

  // The value in its natural C++ type: bool, int64_t, double or std::string_view.
  static constexpr auto value = [] {
    if constexpr (is_bool) {
      return V.b;
    } else if constexpr (is_int) {
      return V.i;
    } else if constexpr (is_float) {
      return V.f;
    } else {
      return std::string_view(V.s, V.length);
    }
  }();

  constexpr bool operator==(const lit&) const = default;
};

}  // namespace rt
