// numpy's in-place arithmetic (a += b, a *= 2): the ufunc with out=a, so a keeps its buffer and shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "exceptions.hpp"
#include "ndarray.hpp"
#include "ufunc.hpp"

namespace rt {

namespace detail {
// The contiguous in-place loops as functions of their own, vectorised and built for AVX2 too, as
// rt/ufunc.hpp's unit_loop: a /= s over a whole array ran one element at a time (s was read through a
// reference every store might have changed), 2.5x behind numpy. `x` comes by value and `b` never
// shares a's memory (inplace_array copies it first), so nothing stops the vectoriser.
template <class T, class F>
[[gnu::noinline, OPSYNTH_RT_SIMD_CLONES]] void inplace_unit_scalar(T* a, std::int64_t n, const F& f, T x) {
  for (std::int64_t t = 0; t < n; ++t) a[t] = f(a[t], x);
}
// A column of a row-major matrix (`A[:, j] /= s`) puts every element on its own cache line, and with rows of
// 4 KiB all of them in the same L1 and L2 sets: each load waits on memory. Eight loads issued together
// before their stores overlap those waits (a 512 x 512 matrix column by column: 4.1 -> 3.3 ms). f runs in
// element order and the stores follow it, so an exception leaves the same elements written; a stride of 0
// (every step reads the element the last one wrote) goes one at a time.
template <class T, class F>
[[gnu::noinline]] void inplace_strided_scalar(T* a, std::int64_t n, std::int64_t s, const F& f, T x) {
  constexpr std::int64_t kBlock = 8;
  std::int64_t t = 0;
  if (s != 0) {
    for (; t + kBlock <= n; t += kBlock, a += kBlock * s) {
      T v[kBlock];
      for (std::int64_t k = 0; k < kBlock; ++k) v[k] = a[k * s];
      for (std::int64_t k = 0; k < kBlock; ++k) a[k * s] = f(v[k], x);
    }
  }
  for (; t < n; ++t, a += s) *a = f(*a, x);
}
template <class T, class F>
[[gnu::noinline, OPSYNTH_RT_SIMD_CLONES]] void inplace_unit_array(T* a, const T* __restrict b, std::int64_t n, const F& f) {
  for (std::int64_t t = 0; t < n; ++t) a[t] = f(a[t], b[t]);
}
}  // namespace detail

// a[...] = f(a[...], x) for one number x. The caller's `a` sees the writes (the same buffer).
template <class T, std::size_t N, class F>
void inplace_scalar(const ndarray<T, N>& a, const T& x, F f) {
  if (!a.writeable()) throw ValueError("output array is read-only");
  T* const out = const_cast<T*>(a.data());  // writeable, checked above: `a` is const only as a handle
  const T value = x;
  if (a.is_c_contiguous() || a.is_f_contiguous()) return detail::inplace_unit_scalar(out, a.size(), f, value);
  if constexpr (N > 0) {  // (a 0-d array is contiguous)
    if (a.size() == 0) return;
    detail::for_each_row<N>(out, a.shape(), a.strides(), [&](T* row, std::int64_t n, std::int64_t s) {
      if (s == 1) {
        detail::inplace_unit_scalar(row, n, f, value);
      } else {
        detail::inplace_strided_scalar(row, n, s, f, value);  // a column, `A[:, j] /= s`: a call per element before
      }
    });
  }
}

// a[...] = f(a[...], b) with b broadcast to a's shape; numpy's ValueError when it cannot be (b may not
// have more axes than a, nor make a larger). b is read from a copy when it shares a's buffer, as numpy
// does when operands overlap (`a[::-1] += a` adds the old values).
template <class T, std::size_t N, std::size_t M, class F>
void inplace_array(const ndarray<T, N>& a, const ndarray<T, M>& b, F f) {
  if (!a.writeable()) throw ValueError("output array is read-only");
  // numpy's two messages: shapes that do not broadcast at all, or a broadcast shape larger than a's. Both are
  // built only when thrown: a += row in a loop must not format strings.
  const auto shapes = [&] {
    return detail::numpy_shape_string(a.shape()) + " " + detail::numpy_shape_string(b.shape()) + " " +
           detail::numpy_shape_string(a.shape()) + " ";  // the output operand last
  };
  bool grows = false;
  for (std::size_t k = 0; k < M; ++k) {
    const std::int64_t j = static_cast<std::int64_t>(k) + static_cast<std::int64_t>(N) - static_cast<std::int64_t>(M);
    if (b.shape(k) == 1 || (j >= 0 && b.shape(k) == a.shape(j))) continue;
    if (j >= 0 && a.shape(j) != 1) throw ValueError("operands could not be broadcast together with shapes " + shapes());
    grows = true;
  }
  if (grows) {  // numpy names the shape the operands broadcast to, which a cannot hold
    const std::size_t rank = N > M ? N : M;
    std::string shape = "(";
    for (std::size_t r = 0; r < rank; ++r) {
      const std::int64_t x = r + N >= rank ? a.shape(r + N - rank) : 1;
      const std::int64_t y = r + M >= rank ? b.shape(r + M - rank) : 1;
      shape += (r > 0 ? "," : "") + std::to_string(x == 1 ? y : x);
    }
    shape += rank == 1 ? ",)" : ")";
    throw ValueError("non-broadcastable output operand with shape " + detail::numpy_shape_string(a.shape()) +
                     " doesn't match the broadcast shape " + shape);
  }
  shape_t<N> strides{};
  // References, not copies: each copy of an ndarray is an atomic reference count taken and dropped, which
  // in `acc += table[i]` over short rows cost as much as the additions.
  std::optional<ndarray<T, M>> copied;
  if (b.shares_buffer_with(a)) copied = b.copy();
  const ndarray<T, M>& from = copied ? *copied : b;
  for (std::size_t k = 0; k < M; ++k) {
    const std::int64_t j = static_cast<std::int64_t>(k) + static_cast<std::int64_t>(N) - static_cast<std::int64_t>(M);
    if (j >= 0 && from.shape(k) == a.shape(j)) strides[j] = from.strides()[k];  // else a repeated length-1 axis
  }
  T* const out = const_cast<T*>(a.data());  // writeable, checked above: `a` is const only as a handle
  if constexpr (M == N) {
    if (from.shape() == a.shape() && a.is_c_contiguous() && from.is_c_contiguous())
      return detail::inplace_unit_array(out, from.data(), a.size(), f);
  }
  detail::walk2(out, a.strides(), from.data(), strides, a.shape(), [&](T& d, const T& s) { d = f(d, s); });
}

}  // namespace rt
