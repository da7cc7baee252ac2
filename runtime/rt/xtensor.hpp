// xtensor adapter for rt::ndarray: an ndarray as an xtensor expression without copying, and back.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <tuple>
#include <type_traits>

#include <xtensor/xadapt.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xtensor.hpp>

#include "ndarray.hpp"

namespace rt {

namespace detail {

// An xtensor view of ndarray memory: xt::strided_view (offset, shape, signed strides) over a flat
// adaptor of the memory span the elements occupy. Not an xtensor_adaptor with strides: xtensor treats
// adaptors as dense containers (scalar `+=` and temporaries walk storage() linearly), which is wrong
// for gaps and negative strides; strided views always step by strides. A C-contiguous array is
// declared row-major so xtensor can take its linear paths. Strides of length-1 axes are zeroed, as
// xtensor's broadcasting expects.
template <class P, std::size_t N>
auto adapt_strided(P data, const shape_t<N>& shape, const shape_t<N>& strides, bool c_contiguous) {
  std::array<std::size_t, N> xshape{};
  std::array<std::ptrdiff_t, N> xstrides{};
  std::int64_t low = 0, high = 0;  // element offsets of the span's ends, relative to data
  for (std::size_t k = 0; k < N; ++k) {
    xshape[k] = static_cast<std::size_t>(shape[k]);
    xstrides[k] = shape[k] == 1 ? 0 : static_cast<std::ptrdiff_t>(strides[k]);
    (strides[k] < 0 ? low : high) += strides[k] * std::max<std::int64_t>(shape[k] - 1, 0);
  }
  const std::size_t span = shape_size(shape) == 0 ? 0 : static_cast<std::size_t>(high - low + 1);
  if (span == 0) low = 0;
  auto memory = xt::adapt(data + low, span, xt::no_ownership(), std::array<std::size_t, 1>{span});
  return xt::strided_view(std::move(memory), std::move(xshape), std::move(xstrides), static_cast<std::size_t>(-low),
                          c_contiguous ? xt::layout_type::row_major : xt::layout_type::dynamic);
}

template <class S, class = void>
struct static_rank {};
template <class S>
struct static_rank<S, std::void_t<decltype(std::tuple_size<S>::value)>>
    : std::integral_constant<std::size_t, std::tuple_size<S>::value> {};

}  // namespace detail

// A writeable xtensor view of `a` (writes reach every alias of a's buffer). The adaptor borrows the
// memory: keep `a` or another view alive while it is used.
template <class T, std::size_t N>
auto as_xtensor(ndarray<T, N>& a) {
  return detail::adapt_strided(a.data(), a.shape(), a.strides(), a.is_c_contiguous());
}

// A read-only xtensor view of `a`.
template <class T, std::size_t N>
auto as_xtensor(const ndarray<T, N>& a) {
  return detail::adapt_strided(a.data(), a.shape(), a.strides(), a.is_c_contiguous());
}

// Evaluates any xtensor expression into a new C-contiguous ndarray of rank N. A rank mismatch
// (possible only for dynamic-rank expressions such as xt::xarray) raises ValueError.
template <std::size_t N, class E>
auto from_xtensor(const xt::xexpression<E>& expression) {
  const E& e = expression.derived_cast();
  using T = std::decay_t<typename E::value_type>;
  if (e.dimension() != N) {
    throw ValueError("cannot build an ndarray of rank " + std::to_string(N) + " from an xtensor expression of rank " +
                     std::to_string(e.dimension()));
  }
  shape_t<N> shape{};
  for (std::size_t k = 0; k < N; ++k) shape[k] = static_cast<std::int64_t>(e.shape()[k]);
  auto out = ndarray<T, N>::empty(shape);
  auto target = as_xtensor(out);
  xt::noalias(target) = e;  // out is a fresh buffer: nothing in e can alias it
  return out;
}

// Same, with the rank taken from the expression's fixed-size shape (xt::xtensor and expressions of them).
template <class E>
auto from_xtensor(const xt::xexpression<E>& expression) {
  using shape_type = std::decay_t<decltype(expression.derived_cast().shape())>;
  static_assert(requires { detail::static_rank<shape_type>::value; },
                "expression has a dynamic rank: call rt::from_xtensor<N>(e) with the rank");
  return from_xtensor<detail::static_rank<shape_type>::value>(expression);
}

}  // namespace rt
