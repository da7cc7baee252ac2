// numpy's advanced indexing with one array as the whole index: a[mask] with a bool array over a's first
// K axes, and a[idx] with an int64 array over a's first axis. Reads copy; writes go element by element (a
// repeated int index keeps the last value written) in the index's C order, or with write_order::numpy in
// the order numpy's mapiter takes (iteration_order.hpp: not C order for a 1-D a and a strided index).
#pragma once

#include <cstddef>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "exceptions.hpp"
#include "iteration_order.hpp"
#include "ndarray.hpp"

namespace rt {

namespace detail {

// The trailing axes [K, N) of a, starting at element offset `at`: the subarray one index position selects.
template <std::size_t K, class T, std::size_t N>
ndarray<T, N - K> trailing_view(const ndarray<T, N>& a, std::int64_t at) {
  shape_t<N - K> shape{}, strides{};
  for (std::size_t k = K; k < N; ++k) {
    shape[k - K] = a.shape(k);
    strides[k - K] = a.strides()[k];
  }
  return ndarray<T, N - K>::wrap(const_cast<T*>(a.data()) + at, shape, strides, a.owner(), a.writeable());
}

// Moves `pos` to the next position of `shape` in C order (an odometer, the last axis fastest) and `at`
// with it by `strides`; past the last position both wrap to the start.
template <std::size_t R>
void next_position(std::array<std::int64_t, R>& pos, const shape_t<R>& shape, const shape_t<R>& strides,
                   std::int64_t& at) {
  for (std::size_t k = R; k-- > 0;) {
    if (++pos[k] < shape[k]) {
      at += strides[k];
      return;
    }
    at -= (shape[k] - 1) * strides[k];
    pos[k] = 0;
  }
}

// Offsets (in elements, with `strides`) of the positions where mask is true, in C order, for a mask
// over axes of sizes `dims` (a's axes from `first_axis`, named in numpy's IndexError when the shapes
// differ).
template <std::size_t K>
std::vector<std::int64_t> mask_offsets(const ndarray<bool, K>& mask, const shape_t<K>& dims, const shape_t<K>& strides,
                                       std::size_t first_axis) {
  static_assert(K >= 1, "a boolean index covers one or more axes");
  for (std::size_t k = 0; k < K; ++k) {
    if (mask.shape(k) != dims[k] && mask.shape(k) != 0) {  // numpy 1.x lets a mask axis of length 0 through
      throw IndexError("boolean index did not match indexed array along dimension " + std::to_string(first_axis + k) +
                       "; dimension is " + std::to_string(dims[k]) + " but corresponding boolean dimension is " +
                       std::to_string(mask.shape(k)));
    }
  }
  std::vector<std::int64_t> offsets;
  if (mask.size() == 0) return offsets;
  std::array<std::int64_t, K> idx{};
  std::int64_t at = 0;  // offset of position idx
  mask.for_each([&](const bool& m) {
    if (m) offsets.push_back(at);
    next_position(idx, mask.shape(), strides, at);
  });
  return offsets;
}

// The same over a's first K axes.
template <class T, std::size_t N, std::size_t K>
std::vector<std::int64_t> mask_offsets(const ndarray<T, N>& a, const ndarray<bool, K>& mask) {
  static_assert(K >= 1 && K <= N, "a boolean index covers one or more of the array's leading axes");
  shape_t<K> dims{}, strides{};
  for (std::size_t k = 0; k < K; ++k) {
    dims[k] = a.shape(k);
    strides[k] = a.strides()[k];
  }
  return mask_offsets(mask, dims, strides, 0);
}

// Offsets of a's first-axis rows that idx names, in idx's C order; numpy's IndexError out of range.
template <class T, std::size_t N, std::size_t K>
std::vector<std::int64_t> row_offsets(const ndarray<T, N>& a, const ndarray<std::int64_t, K>& idx) {
  static_assert(N >= 1, "an integer array indexes an array's first axis");
  std::vector<std::int64_t> offsets;
  offsets.reserve(static_cast<std::size_t>(idx.size()));
  std::int64_t row_size = 1;
  for (std::size_t k = 1; k < N; ++k) row_size *= a.shape(k);
  if (row_size == 0) {  // numpy 1.x lets any index through when the rows hold nothing (deprecated there)
    offsets.assign(static_cast<std::size_t>(idx.size()), 0);
    return offsets;
  }
  idx.for_each([&](const std::int64_t& i) { offsets.push_back(checked_index(i, 0, a.shape(0)) * a.strides()[0]); });
  return offsets;
}

// Copies the subarrays at `offsets` (each of a's trailing axes from K) into a new C-ordered array of
// `shape` (the index's shape, then the trailing shape).
template <std::size_t K, std::size_t R, class T, std::size_t N>
ndarray<T, R> gather(const ndarray<T, N>& a, const std::vector<std::int64_t>& offsets, const shape_t<R>& shape) {
  auto out = ndarray<T, R>::empty(shape);
  T* dst = out.data();
  for (std::int64_t at : offsets) trailing_view<K>(a, at).for_each([&dst](const T& v) { *dst++ = v; });
  return out;
}

// Writes one number into every selected subarray.
template <std::size_t K, class T, std::size_t N, class V>
void scatter(const ndarray<T, N>& a, const std::vector<std::int64_t>& offsets, const V& value) {
  for (std::int64_t at : offsets) trailing_view<K>(a, at).fill(value);
}

// The strides that broadcast `values` to the indexing result's `shape` (0 on repeated axes); numpy's
// shape-mismatch ValueError when it does not broadcast.
template <class T, std::size_t M, std::size_t R>
shape_t<R> broadcast_strides(const ndarray<T, M>& values, const shape_t<R>& shape) {
  shape_t<R> strides{};
  for (std::size_t k = 0; k < M; ++k) {
    const std::int64_t j = static_cast<std::int64_t>(k) + static_cast<std::int64_t>(R) - static_cast<std::int64_t>(M);
    const bool fits = j < 0 ? values.shape(k) == 1 : (values.shape(k) == 1 || values.shape(k) == shape[j]);
    if (!fits) {
      throw ValueError("shape mismatch: value array of shape " + numpy_shape_string(values.shape()) +
                       " could not be broadcast to indexing result of shape " + numpy_shape_string(shape));
    }
    if (j >= 0 && values.shape(k) != 1) strides[j] = values.strides()[k];
  }
  return strides;
}

// Writes `values` (with the `strides` that broadcast it to the indexing result's `shape`: the index
// positions' axes, then a's axes from K) into the subarrays at `offsets`, position by position in C order
// and read as it goes (numpy does not copy overlapping values on this path, so a later position may read
// an element written before), the positions walked in `order` (outermost axis first).
template <std::size_t K, class T, std::size_t N, std::size_t M, std::size_t R>
void scatter_array(const ndarray<T, N>& a, const std::vector<std::int64_t>& offsets, const ndarray<T, M>& values,
                   const shape_t<R>& shape, const shape_t<R>& strides,
                   const walk_order<R - (N - K)>& order) {
  constexpr std::size_t D = R - (N - K);  // the index positions' axes
  shape_t<N - K> tail_shape{}, tail_strides{}, target_strides{};
  for (std::size_t k = 0; k < N - K; ++k) {
    tail_shape[k] = shape[D + k];
    tail_strides[k] = strides[D + k];
    target_strides[k] = a.strides()[K + k];
  }
  shape_t<D> index_shape{}, index_strides{};
  for (std::size_t k = 0; k < D; ++k) {
    index_shape[k] = shape[k];
    index_strides[k] = strides[k];
  }
  T* base = const_cast<T*>(a.data());
  if (order.is_c()) {
    std::array<std::int64_t, D> pos{};
    std::int64_t from = 0;  // offset in values of index position pos
    for (std::int64_t at : offsets) {
      walk2(base + at, target_strides, values.data() + from, tail_strides, tail_shape, [](T& d, const T& s) { d = s; });
      next_position(pos, index_shape, index_strides, from);
    }
    return;
  }
  walk_positions(order, index_shape, std::array<shape_t<D>, 2>{c_strides(index_shape), index_strides},
                 [&](const std::array<std::int64_t, 2>& at) {
                   walk2(base + offsets[static_cast<std::size_t>(at[0])], target_strides, values.data() + at[1],
                         tail_strides, tail_shape, [](T& d, const T& s) { d = s; });
                 });
}

// The values of a[mask] = values over every axis of a (values 0-d or 1-d): one value, or one per true
// position (numpy's ValueError otherwise, before anything is written), copied first when they share a's
// memory; step 0 repeats the one value.
template <class T, std::size_t M>
struct mask_values {
  ndarray<T, M> from;
  std::int64_t step = 0;
};
template <class T, std::size_t N, std::size_t M>
mask_values<T, M> mask_values_for(const ndarray<T, N>& a, const ndarray<T, M>& values, std::int64_t count) {
  const std::int64_t n = values.size();
  if (n != 1 && n != count) {
    throw ValueError("NumPy boolean array indexing assignment cannot assign " + std::to_string(n) +
                     " input values to the " + std::to_string(count) + " output values where the mask is true");
  }
  mask_values<T, M> out{values.shares_buffer_with(a) ? values.copy() : values, 0};
  if constexpr (M == 1) out.step = n == 1 ? 0 : out.from.strides()[0];
  return out;
}

}  // namespace detail

// a[mask]: the selected subarrays stacked along a new first axis (rank N - K + 1), a copy.
template <class T, std::size_t N, std::size_t K>
ndarray<T, N - K + 1> mask_select(const ndarray<T, N>& a, const ndarray<bool, K>& mask) {
  if constexpr (K == N) {
    // The common a[a > t]: one pass over two C-ordered buffers of one shape, the same C order of positions,
    // with no offset list between (that list and the generic walks were most of a small kernel's time).
    if (a.shape() == mask.shape() && a.is_c_contiguous() && mask.is_c_contiguous()) {
      const bool* m = mask.data();
      const T* p = a.data();
      const std::int64_t n = a.size();
      std::int64_t count = 0;
      for (std::int64_t i = 0; i < n; ++i) count += m[i] ? 1 : 0;
      auto out = ndarray<T, 1>::empty({count});
      // Branch-free: every element is written to the next free slot, which only a selected one keeps (a
      // mask like `img > t` is a coin flip per element, and the branch mispredicted on half of them).
      // The loop ends with the last selected element, so no write goes past the result.
      T* o = out.data();
      T* const end = o + count;
      for (std::int64_t i = 0; i < n && o != end; ++i) {
        *o = p[i];
        o += m[i] ? 1 : 0;
      }
      return out;
    }
  }
  const auto offsets = detail::mask_offsets(a, mask);
  shape_t<N - K + 1> shape{};
  shape[0] = static_cast<std::int64_t>(offsets.size());
  for (std::size_t k = K; k < N; ++k) shape[k - K + 1] = a.shape(k);
  return detail::gather<K>(a, offsets, shape);
}

// a[idx]: the rows idx names, shaped idx.shape + a.shape[1:], a copy: C-ordered, or with
// write_order::numpy laid out as numpy lays it out (in idx's order for a 1-D a), so that a later write
// through it keeps what numpy keeps.
template <write_order O = write_order::c, class T, std::size_t N, std::size_t K>
ndarray<T, K + N - 1> take_rows(const ndarray<T, N>& a, const ndarray<std::int64_t, K>& idx) {
  if constexpr (N == 1) {
    // The common table lookup `lut[idx]` over a C-ordered index: one gather loop, each index checked as
    // it is read (the offset list and the position walk were two thirds of the lookup). The first bad
    // index in C order raises the same IndexError, and the half-written result is dropped.
    if (idx.is_c_contiguous() && a.shape(0) > 0) {
      auto out = ndarray<T, K>::empty(idx.shape());  // C order: numpy's order too, for a C-ordered index
      const std::int64_t* i = idx.data();
      const T* base = a.data();
      const std::int64_t n = a.shape(0), stride = a.strides()[0], count = idx.size();
      T* o = out.data();
      for (std::int64_t k = 0; k < count; ++k) {
        std::int64_t at = i[k];
        if (static_cast<std::uint64_t>(at) >= static_cast<std::uint64_t>(n)) [[unlikely]]
          at = detail::checked_index(at, 0, n);  // negative from the end, or the IndexError
        o[k] = base[at * stride];
      }
      return out;
    }
  }
  const auto offsets = detail::row_offsets(a, idx);
  shape_t<K + N - 1> shape{};
  for (std::size_t k = 0; k < K; ++k) shape[k] = idx.shape(k);
  for (std::size_t k = 1; k < N; ++k) shape[K + k - 1] = a.shape(k);
  if constexpr (O == write_order::numpy && N == 1) {
    auto out = empty_in_order<T>(shape, detail::keep_order(shape, {idx.strides()}, false));
    std::size_t n = 0;  // offsets are in idx's C order
    detail::walk_positions(detail::c_order<K>(), shape, std::array<shape_t<K>, 1>{out.strides()},
                           [&](const std::array<std::int64_t, 1>& to) { out.data()[to[0]] = a.data()[offsets[n++]]; });
    return out;
  } else {
    return detail::gather<1>(a, offsets, shape);
  }
}

// a[mask] = number and a[idx] = number.
template <class T, std::size_t N, std::size_t K>
void mask_assign(const ndarray<T, N>& a, const ndarray<bool, K>& mask, const T& value) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  if constexpr (K == N) {
    // The common x[x < 0] = 0: one pass over two C-ordered buffers of one shape, a select the compiler
    // vectorises, instead of a list of offsets built first (most of a small kernel's time). Each position
    // reads its own mask element before it is written, so a mask that is the array itself works too.
    if (a.shape() == mask.shape() && a.is_c_contiguous() && mask.is_c_contiguous()) {
      T* p = const_cast<T*>(a.data());  // an ndarray is a view: const is the handle's, not the data's
      const bool* m = mask.data();
      const T v = value;
      for (std::int64_t i = 0, n = a.size(); i < n; ++i) p[i] = m[i] ? v : p[i];
      return;
    }
  }
  detail::scatter<K>(a, detail::mask_offsets(a, mask), value);
}
template <class T, std::size_t N, std::size_t K>
void rows_assign(const ndarray<T, N>& a, const ndarray<std::int64_t, K>& idx, const T& value) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  detail::scatter<1>(a, detail::row_offsets(a, idx), value);
}

// a[mask] = values. A mask over every axis of a takes numpy's boolean-assignment path: values is 0-d or 1-d,
// of one element or one per true position; otherwise values broadcast to the indexing result's shape.
template <class T, std::size_t N, std::size_t K, std::size_t M>
void mask_assign(const ndarray<T, N>& a, const ndarray<bool, K>& mask, const ndarray<T, M>& values) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  if constexpr (K == N && M <= 1) {
    // The common pos[low] = -pos[low]: two C-ordered buffers of one shape, the true positions counted in
    // one vectorised pass, then each position takes the next value or keeps its own, without a branch
    // (a list of offsets built first, one push per true element, was half of such a kernel's time).
    if (a.shape() == mask.shape() && a.is_c_contiguous() && mask.is_c_contiguous()) {
      const bool* m = mask.data();
      const std::int64_t size = a.size();
      std::int64_t count = 0;
      for (std::int64_t i = 0; i < size; ++i) count += m[i] ? 1 : 0;
      const auto source = detail::mask_values_for(a, values, count);
      const T* src = source.from.data();
      const std::int64_t step = source.step;
      T* p = const_cast<T*>(a.data());
      // Each position reads its own mask element before it is written (a mask that is the array itself
      // works), and the loop ends with the last true one, so no value past the last is read.
      for (std::int64_t i = 0, j = 0; i < size && j < count; ++i) {
        const bool take = m[i];
        const T v = src[j * step];
        p[i] = take ? v : p[i];
        j += take ? 1 : 0;
      }
      return;
    }
  }
  const auto offsets = detail::mask_offsets(a, mask);
  const auto count = static_cast<std::int64_t>(offsets.size());
  if constexpr (K == N) {
    if constexpr (M > 1) {
      throw TypeError("NumPy boolean array indexing assignment requires a 0 or 1-dimensional input, input has " +
                      std::to_string(M) + " dimensions");
    } else {
      const auto source = detail::mask_values_for(a, values, count);
      const T* src = source.from.data();
      T* base = const_cast<T*>(a.data());
      for (std::int64_t j = 0; j < count; ++j) base[offsets[static_cast<std::size_t>(j)]] = src[j * source.step];
    }
  } else {
    shape_t<N - K + 1> shape{};
    shape[0] = count;
    for (std::size_t k = K; k < N; ++k) shape[k - K + 1] = a.shape(k);
    detail::scatter_array<K>(a, offsets, values, shape, detail::broadcast_strides(values, shape),
                             detail::c_order<1>());  // numpy's nonzero() arrays: one axis, walked forwards
  }
}

// a[idx] = values: values broadcast to idx.shape + a.shape[1:]. A 1-D a selects no subspace: numpy then
// walks a 1-D idx in its own order, and a deeper one in its iterator's KEEPORDER walk over idx and values
// (write_order::numpy).
template <write_order O = write_order::c, class T, std::size_t N, std::size_t K, std::size_t M>
void rows_assign(const ndarray<T, N>& a, const ndarray<std::int64_t, K>& idx, const ndarray<T, M>& values) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  shape_t<K + N - 1> shape{};
  for (std::size_t k = 0; k < K; ++k) shape[k] = idx.shape(k);
  for (std::size_t k = 1; k < N; ++k) shape[K + k - 1] = a.shape(k);
  const auto strides = detail::broadcast_strides(values, shape);  // numpy checks the shapes before the indices
  auto order = detail::c_order<K>();
  if constexpr (O == write_order::numpy && N == 1 && K >= 2)
    order = detail::keep_order(idx.shape(), {idx.strides(), strides}, true);
  detail::scatter_array<1>(a, detail::row_offsets(a, idx), values, shape, strides, order);
}

}  // namespace rt
