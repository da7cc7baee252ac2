// Python tuple comparison for std::tuple: lexicographic on the first pair of elements that are not ==.
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "int.hpp"

namespace rt {

enum class compare_op { eq, ne, lt, le, gt, ge };

namespace detail {

inline bool apply_op(std::partial_ordering order, compare_op op) {
  switch (op) {
    case compare_op::eq: return order == 0;
    case compare_op::ne: return order != 0;  // true for unordered (NaN), as in Python
    case compare_op::lt: return order < 0;
    case compare_op::le: return order <= 0;
    case compare_op::gt: return order > 0;
    case compare_op::ge: return order >= 0;
  }
  return false;
}

template <class T>
struct is_std_tuple : std::false_type {};
template <class... T>
struct is_std_tuple<std::tuple<T...>> : std::true_type {};

template <class T>
concept py_number = std::is_arithmetic_v<T>;

}  // namespace detail

template <class... A, class... B>
bool tuple_richcompare(const std::tuple<A...>& v, const std::tuple<B...>& w, compare_op op);

// One element comparison with Python's rules: bool/int/float compare by exact value (an int never
// rounds to meet a float), NaN is unordered, tuples nest; other types use their own operators.
template <class X, class Y>
bool py_compare(const X& x, const Y& y, compare_op op) {
  if constexpr (detail::py_number<X> && detail::py_number<Y>) {
    if constexpr (std::is_floating_point_v<X> && std::is_floating_point_v<Y>) {
      return detail::apply_op(static_cast<double>(x) <=> static_cast<double>(y), op);
    } else if constexpr (std::is_floating_point_v<X>) {
      return detail::apply_op(float_int_compare(x, static_cast<std::int64_t>(y)), op);
    } else if constexpr (std::is_floating_point_v<Y>) {
      return detail::apply_op(int_float_compare(static_cast<std::int64_t>(x), y), op);
    } else {
      return detail::apply_op(static_cast<std::int64_t>(x) <=> static_cast<std::int64_t>(y), op);
    }
  } else if constexpr (detail::is_std_tuple<X>::value && detail::is_std_tuple<Y>::value) {
    return tuple_richcompare(x, y, op);
  } else {
    switch (op) {
      case compare_op::eq: return x == y;
      case compare_op::ne: return !(x == y);
      case compare_op::lt: return x < y;
      case compare_op::le: return x <= y;
      case compare_op::gt: return x > y;
      case compare_op::ge: return x >= y;
    }
    return false;
  }
}

// tuplerichcompare: find the first index whose elements are not ==; if none, the lengths decide;
// otherwise == and != are settled, and the other operators compare that pair once more.
// Unlike a <-only lexicographic compare, (nan, 1) < (nan, 2) is False; unlike std::tuple, an int
// element meets a float exactly: (2**53 + 1,) == (2.0**53,) is False.
// Elements are values, so a NaN never equals itself (CPython's identity shortcut has no counterpart).
template <class... A, class... B>
bool tuple_richcompare(const std::tuple<A...>& v, const std::tuple<B...>& w, compare_op op) {
  constexpr std::size_t common = sizeof...(A) < sizeof...(B) ? sizeof...(A) : sizeof...(B);
  bool decided = false;
  bool result = false;
  auto visit = [&]<std::size_t... I>(std::index_sequence<I...>) {
    auto step = [&](const auto& x, const auto& y) {
      if (decided || py_compare(x, y, compare_op::eq)) return;
      decided = true;
      result = op == compare_op::eq ? false : op == compare_op::ne ? true : py_compare(x, y, op);
    };
    (step(std::get<I>(v), std::get<I>(w)), ...);
  };
  visit(std::make_index_sequence<common>{});
  if (decided) return result;
  return detail::apply_op(sizeof...(A) <=> sizeof...(B), op);
}

template <class... A, class... B>
bool tuple_eq(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::eq);
}
template <class... A, class... B>
bool tuple_ne(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::ne);
}
template <class... A, class... B>
bool tuple_lt(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::lt);
}
template <class... A, class... B>
bool tuple_le(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::le);
}
template <class... A, class... B>
bool tuple_gt(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::gt);
}
template <class... A, class... B>
bool tuple_ge(const std::tuple<A...>& v, const std::tuple<B...>& w) {
  return tuple_richcompare(v, w, compare_op::ge);
}

}  // namespace rt
