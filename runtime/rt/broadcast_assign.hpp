// numpy's a[index] = value once the index has made its view: the value broadcast into the view's shape.
#pragma once

#include <cstddef>
#include <cstdint>

#include "exceptions.hpp"
#include "ndarray.hpp"

namespace rt {

// Writes `value` (one element) into every element of `target`.
template <class T, std::size_t N>
void assign_scalar(const ndarray<T, N>& target, const T& value) {
  if (!target.writeable()) throw ValueError("assignment destination is read-only");
  ndarray<T, N> w = target;  // the same buffer
  w.fill(value);
}

// Copies `source` into `target`, broadcasting it to target's shape as numpy's setitem does: leading
// axes of length 1 beyond target's rank are dropped, other axes must be 1 or equal. When the two share
// a buffer the source is read from a copy, so `a[1:] = a[:-1]` gives what numpy gives (numpy copies
// when the memory overlaps; a copy of memory that does not overlap changes nothing).
template <class T, std::size_t N, std::size_t M>
void assign_array(const ndarray<T, N>& target, const ndarray<T, M>& source) {
  if (!target.writeable()) throw ValueError("assignment destination is read-only");
  if constexpr (M == N) {
    // The very elements it is read from (`A[:, j] /= s` writes the view back where it came from): every
    // element would be written with itself. The general path copied the view first, as overlap needs.
    if (source.data() == target.data() && source.shape() == target.shape() && source.strides() == target.strides()) return;
  }
  auto mismatch = [&]() {
    return ValueError("could not broadcast input array from shape " + detail::numpy_shape_string(source.shape()) +
                      " into shape " + detail::numpy_shape_string(target.shape()));
  };
  shape_t<N> strides{};
  for (std::size_t k = 0; k < M; ++k) {
    const std::int64_t j = static_cast<std::int64_t>(k) + static_cast<std::int64_t>(N) - static_cast<std::int64_t>(M);
    if (j < 0) {
      if (source.shape(k) != 1) throw mismatch();
      continue;
    }
    if (source.shape(k) == target.shape(j)) {
      strides[j] = source.strides()[k];
    } else if (source.shape(k) != 1) {
      throw mismatch();
    }  // a length-1 axis repeats: stride 0
  }
  const ndarray<T, M> from = source.shares_buffer_with(target) ? source.copy() : source;
  if (from.data() != source.data()) {  // a copy is C-ordered: recompute the strides it broadcasts with
    for (std::size_t k = 0; k < M; ++k) {
      const std::int64_t j = static_cast<std::int64_t>(k) + static_cast<std::int64_t>(N) - static_cast<std::int64_t>(M);
      if (j >= 0 && from.shape(k) == target.shape(j)) strides[j] = from.strides()[k];
    }
  }
  ndarray<T, N> w = target;
  detail::walk2(w.data(), w.strides(), from.data(), strides, w.shape(), [](T& d, const T& s) { d = s; });
}

}  // namespace rt
