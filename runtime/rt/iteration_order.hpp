// The order numpy's iterator (NpyIter with NPY_KEEPORDER) walks a shape in, for the advanced-index
// paths where that order shows: a position written twice keeps the value written last, and numpy writes
// the positions of `a[idx] = v` (no subspace) in the order its iterator picks from the strides of the
// index arrays and of v, not in C order. numpy documents that order as unspecified; it is nonetheless
// fixed by the operands' layouts, and this file reproduces it so a compiled function keeps what numpy keeps.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "ndarray.hpp"

namespace rt {

// Which order an advanced assignment writes its positions in: C order (the runtime's first versions) or
// numpy's (its iterator's KEEPORDER walk over the index arrays and the value, when no subspace is selected).
enum class write_order { c, numpy };

namespace detail {

// The walk NpyIter makes over a shape: its axes, outermost first, and the axes it walks from the end.
template <std::size_t R>
struct walk_order {
  std::array<std::size_t, R> axes{};
  std::array<bool, R> reversed{};

  bool is_c() const {
    for (std::size_t k = 0; k < R; ++k)
      if (axes[k] != k || reversed[k]) return false;
    return true;
  }
};

template <std::size_t R>
walk_order<R> c_order() {
  walk_order<R> order;
  for (std::size_t k = 0; k < R; ++k) order.axes[k] = k;
  return order;
}

// NpyIter's KEEPORDER walk of `shape` for operands whose element strides over it are `operands` (0 where
// an operand repeats). The axes: NpyIter starts from C order and insertion-sorts them innermost first; an
// axis moves inward past another only when every operand that steps along both steps less along it
// (strides compared by magnitude); operands that disagree leave C order; a pair no operand steps along
// both of decides nothing and the search goes on past it. With `negate`, an axis every operand steps
// backwards along (or not at all) is walked from its end, so memory is walked forwards. An axis of length
// 1 steps no operand.
// The operands as a pointer and a count, so that a caller with a fixed number of them (rt::ufunc::apply)
// allocates nothing: a vector per call was a third of an elementwise call on a few hundred elements.
template <std::size_t R>
walk_order<R> keep_order(const shape_t<R>& shape, const shape_t<R>* operand_steps, std::size_t count, bool negate) {
  const std::span<const shape_t<R>> operands(operand_steps, count);
  auto stride = [&](const shape_t<R>& s, std::size_t axis) -> std::int64_t {
    if (shape[axis] == 1) return 0;
    return s[axis] < 0 ? -s[axis] : s[axis];
  };
  std::array<std::size_t, R> inner_first{};  // NpyIter's perm: innermost axis first
  for (std::size_t k = 0; k < R; ++k) inner_first[k] = R - 1 - k;
  for (std::size_t i0 = 1; i0 < R; ++i0) {
    const std::size_t j0 = inner_first[i0];
    std::size_t insert_at = i0;
    for (std::size_t i1 = i0; i1-- > 0;) {
      const std::size_t j1 = inner_first[i1];
      bool decided = false, move_inward = false;
      for (const auto& s : operands) {
        const std::int64_t s0 = stride(s, j0), s1 = stride(s, j1);
        if (s0 == 0 || s1 == 0) continue;
        if (s1 <= s0) move_inward = false;  // on a conflict, C order wins
        else if (!decided) move_inward = true;
        decided = true;
      }
      if (!decided) continue;
      if (!move_inward) break;
      insert_at = i1;
    }
    for (std::size_t i = i0; i > insert_at; --i) inner_first[i] = inner_first[i - 1];
    inner_first[insert_at] = j0;
  }
  walk_order<R> order;
  for (std::size_t k = 0; k < R; ++k) order.axes[k] = inner_first[R - 1 - k];
  for (std::size_t k = 0; negate && k < R; ++k) {
    bool backwards = false, forwards = false;
    for (const auto& s : operands) {
      if (shape[k] == 1) continue;
      backwards = backwards || s[k] < 0;
      forwards = forwards || s[k] > 0;
    }
    order.reversed[k] = backwards && !forwards;
  }
  return order;
}
template <std::size_t R>
walk_order<R> keep_order(const shape_t<R>& shape, const std::vector<shape_t<R>>& operands, bool negate) {
  return keep_order<R>(shape, operands.data(), operands.size(), negate);
}
template <std::size_t R, std::size_t K>
walk_order<R> keep_order(const shape_t<R>& shape, const std::array<shape_t<R>, K>& operands, bool negate) {
  return keep_order<R>(shape, operands.data(), K, negate);
}

// Calls f(at) for each position of `shape` in `order`, where at[m] is the position's offset by strides[m].
template <std::size_t R, std::size_t M, class F>
void walk_positions(const walk_order<R>& order, const shape_t<R>& shape, std::array<shape_t<R>, M> strides, F&& f) {
  std::int64_t count = 1;
  for (std::int64_t d : shape) count *= d;
  if (count == 0) return;
  std::array<std::int64_t, M> at{};
  for (std::size_t k = 0; k < R; ++k) {
    if (!order.reversed[k]) continue;
    for (std::size_t m = 0; m < M; ++m) {
      at[m] += (shape[k] - 1) * strides[m][k];
      strides[m][k] = -strides[m][k];
    }
  }
  std::array<std::int64_t, R> pos{};
  for (std::int64_t n = 0; n < count; ++n) {
    f(at);
    for (std::size_t i = R; i-- > 0;) {  // an odometer over order.axes, the last one fastest
      const std::size_t k = order.axes[i];
      if (++pos[k] < shape[k]) {
        for (std::size_t m = 0; m < M; ++m) at[m] += strides[m][k];
        break;
      }
      for (std::size_t m = 0; m < M; ++m) at[m] -= (shape[k] - 1) * strides[m][k];
      pos[k] = 0;
    }
  }
}

// Element strides of a dense array of `shape` laid out so that walking `order` (outermost first) walks
// memory forwards: C strides for C order, Fortran strides for the reverse.
template <std::size_t R>
shape_t<R> strides_in_order(const shape_t<R>& shape, const std::array<std::size_t, R>& order) {
  shape_t<R> strides{};
  std::int64_t step = 1;
  for (std::size_t i = R; i-- > 0;) {
    strides[order[i]] = step;
    step *= shape[order[i]] > 0 ? shape[order[i]] : 1;
  }
  return strides;
}

}  // namespace detail

// An uninitialised array of `shape` whose memory follows `order` (numpy allocates an advanced index's
// result this way, in its index arrays' order, when no subspace is selected).
template <class T, std::size_t R>
ndarray<T, R> empty_in_order(const shape_t<R>& shape, const detail::walk_order<R>& order) {
  if (order.is_c()) return ndarray<T, R>::empty(shape);
  auto buffer = buffer_pool::make_array<T>(static_cast<std::size_t>(detail::shape_size(shape)));
  T* data = buffer.get();
  return ndarray<T, R>::wrap(data, shape, detail::strides_in_order(shape, order.axes), std::move(buffer));
}

}  // namespace rt
