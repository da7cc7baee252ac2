// numpy's basic indexing: a[i, a:b:c, None, ...] on an N-dimensional array is a view sharing its buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <optional>
#include <tuple>
#include <type_traits>
#include <variant>

#include "exceptions.hpp"
#include "lit.hpp"
#include "ndarray.hpp"
#include "none.hpp"
#include "scalar.hpp"
#include "slice.hpp"

namespace rt {

// `...` in an index: as many whole axes as the other parts leave. (None, numpy's newaxis, is rt::none.)
struct ellipsis_t {};
inline constexpr ellipsis_t ellipsis{};

namespace detail {

template <class P>
inline constexpr bool is_int_part = std::is_integral_v<P> && !std::is_same_v<P, bool>;

template <class... P>
inline constexpr std::size_t count_ints = (std::size_t{is_int_part<P>} + ... + 0);
template <class... P>
inline constexpr std::size_t count_slices = (std::size_t{std::is_same_v<P, slice>} + ... + 0);
template <class... P>
inline constexpr std::size_t count_newaxes = (std::size_t{std::is_same_v<P, none>} + ... + 0);
template <class... P>
inline constexpr std::size_t count_ellipses = (std::size_t{std::is_same_v<P, ellipsis_t>} + ... + 0);

}  // namespace detail

// What numpy checks before it looks at any value: too many indices, or more than one `...`. Both
// depend only on the kinds of the parts, so a caller can ask at compile time.
template <std::size_t N, class... P>
inline constexpr bool index_is_valid =
    detail::count_ellipses<P...> <= 1 && detail::count_ints<P...> + detail::count_slices<P...> <= N;

// Rank of a[parts...]: N - ints + newaxes.
template <std::size_t N, class... P>
inline constexpr std::size_t index_rank = N - detail::count_ints<P...> + detail::count_newaxes<P...>;

// numpy gives the element itself (a scalar copy) only when ints index every axis and nothing else is
// written; `a[0, ...]` on a 1-D array is a 0-d view.
template <std::size_t N, class... P>
inline constexpr bool index_gives_element = detail::count_ints<P...> == N && sizeof...(P) == N;

// The raise numpy makes for an index index_is_valid refuses.
template <std::size_t N, class... P>
[[noreturn]] void throw_invalid_index() {
  if constexpr (detail::count_ellipses<P...> > 1) {
    throw IndexError("an index can only have a single ellipsis ('...')");
  } else {
    throw IndexError("too many indices for array: array is " + std::to_string(N) + "-dimensional, but " +
                     std::to_string(detail::count_ints<P...> + detail::count_slices<P...>) + " were indexed");
  }
}

// The view a[parts...] selects: parts are integers, rt::slice, rt::none (a new axis of length 1) and
// rt::ellipsis. Integers are checked (negative from the end, IndexError naming the axis); slices clip as
// Python's do. With an int on every axis it is the 0-d view of that element (what assignment writes).
template <class T, std::size_t N, class... P>
  requires(index_is_valid<N, P...>)
ndarray<T, index_rank<N, P...>> basic_view(const ndarray<T, N>& a, const P&... parts) {
  constexpr std::size_t M = index_rank<N, P...>;
  // Axes the ellipsis stands for: what the ints and slices leave (all trailing axes when there is none).
  constexpr std::size_t spanned = N - detail::count_ints<P...> - detail::count_slices<P...>;
  shape_t<M> shape{}, strides{};
  std::int64_t offset = 0;
  std::size_t axis = 0, out = 0;
  auto whole = [&] {
    shape[out] = a.shape(axis);
    strides[out] = a.strides()[axis];
    ++out;
    ++axis;
  };
  [[maybe_unused]] auto take = [&](const auto& part) {
    using Part = std::decay_t<decltype(part)>;
    if constexpr (detail::is_int_part<Part>) {
      offset += detail::checked_index(static_cast<std::int64_t>(part), axis, a.shape(axis)) * a.strides()[axis];
      ++axis;
    } else if constexpr (std::is_same_v<Part, slice>) {
      const slice_range r = adjust(part, a.shape(axis));
      if (r.count > 0) offset += r.start * a.strides()[axis];  // an empty selection stays at its base
      shape[out] = r.count;
      strides[out] = a.strides()[axis] * r.step;
      ++out;
      ++axis;
    } else if constexpr (std::is_same_v<Part, none>) {
      shape[out] = 1;
      strides[out] = 0;
      ++out;
    } else {
      static_assert(std::is_same_v<Part, ellipsis_t>, "an index part is an integer, rt::slice, rt::none or rt::ellipsis");
      for (std::size_t k = 0; k < spanned; ++k) whole();
    }
  };
  (take(parts), ...);
  while (axis < N) whole();
  T* data = const_cast<T*>(a.data()) + offset;  // views of a const array are ordinary arrays, as in numpy
  return ndarray<T, M>::wrap(data, shape, strides, a.owner(), a.writeable());
}

// a[parts...] as numpy reads it: the view, or the element's value (a numpy scalar, a copy) when ints
// index every axis and nothing else is written.
template <class T, std::size_t N, class... P>
  requires(index_is_valid<N, P...>)
auto basic_index(const ndarray<T, N>& a, const P&... parts) {
  if constexpr (index_gives_element<N, P...>) {
    return np_scalar<T>(basic_view(a, parts...).item());
  } else {
    return basic_view(a, parts...);
  }
}

// An index part as the type language spells it, for operators that take a whole index as one tuple
// argument: an int, None (newaxis), Literal['...'] (the ellipsis), and a slice as the tuple
// (start, stop, step) of ints and Nones (each may be `int | None`, a std::variant).
inline std::optional<std::int64_t> slice_bound(none) { return std::nullopt; }
inline std::optional<std::int64_t> slice_bound(std::int64_t v) { return v; }
template <class... A>
std::optional<std::int64_t> slice_bound(const std::variant<A...>& v) {
  return std::visit([](const auto& x) { return slice_bound(x); }, v);
}

inline std::int64_t index_part(std::int64_t i) { return i; }
inline none index_part(none) { return none{}; }
template <literal V>
  requires(lit<V>::is_str && lit<V>::as_str() == "...")
ellipsis_t index_part(lit<V>) {
  return ellipsis;
}
template <class A, class B, class C>
slice index_part(const std::tuple<A, B, C>& s) {
  return slice{slice_bound(std::get<0>(s)), slice_bound(std::get<1>(s)), slice_bound(std::get<2>(s))};
}

// The C++ part type an encoded part becomes.
template <class E>
using index_part_t = decltype(index_part(std::declval<const E&>()));

}  // namespace rt
