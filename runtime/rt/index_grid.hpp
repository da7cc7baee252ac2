// np.mgrid[...] and np.ogrid[...] over int slices, step by step as numpy 1.24's nd_grid computes them:
// one slice is np.arange(start, stop, step); several give each axis ceil((stop - start) / step) points
// (in float arithmetic, as nd_grid does), dense (mgrid: np.indices scaled, shape (K, n1, ..., nK)) or
// sparse (ogrid: K arrays, each of length 1 on the other axes).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "exceptions.hpp"
#include "list.hpp"
#include "ndarray.hpp"
#include "slice.hpp"

namespace rt {

namespace detail {

// (stop - start) / step in double, as Python divides an exact int difference by a float.
inline double grid_span(std::int64_t start, std::int64_t stop, std::int64_t step) {
  __extension__ typedef __int128 wide;  // (pedantic builds: GCC's extension, spelled as one)
  const wide span = static_cast<wide>(stop) - start;
  return static_cast<double>(span) / static_cast<double>(step);
}

// The int sequence start, start + step, ... of n points (int64 arithmetic, wrapping as numpy's does).
inline ndarray<std::int64_t, 1> grid_line(std::int64_t start, std::int64_t step, std::int64_t n) {
  auto out = ndarray<std::int64_t, 1>::empty({n > 0 ? n : 0});
  for (std::int64_t i = 0; i < out.size(); ++i)
    out.data()[i] = static_cast<std::int64_t>(static_cast<std::uint64_t>(i) * static_cast<std::uint64_t>(step) +
                                              static_cast<std::uint64_t>(start));
  return out;
}

struct grid_axis {
  std::int64_t start = 0, step = 1, size = 0;
};

// Each slice's start, step and point count, with nd_grid's errors in its order: a missing stop fails
// its float arithmetic, which nd_grid catches and retries as one slice (an AttributeError on the tuple);
// a step of 0 divides by zero.
template <std::size_t K>
std::array<grid_axis, K> grid_axes(const std::array<slice, K>& key) {
  std::array<grid_axis, K> axes{};
  for (std::size_t k = 0; k < K; ++k) {
    const slice& s = key[k];
    axes[k].start = s.start.value_or(0);
    axes[k].step = s.step.value_or(1);
    if (!s.stop) throw AttributeError("'tuple' object has no attribute 'step'");
    if (axes[k].step == 0) throw ZeroDivisionError("float division by zero");
    const double n = std::ceil(grid_span(axes[k].start, *s.stop, axes[k].step));
    axes[k].size = static_cast<std::int64_t>(n);
  }
  return axes;
}

}  // namespace detail

// np.mgrid[start:stop:step] and np.ogrid[...] with one slice: np.arange(start, stop, step) (no stop:
// np.arange(0, start)).
inline ndarray<std::int64_t, 1> grid_arange(const slice& s) {
  std::int64_t start = s.start.value_or(0);
  std::int64_t stop = 0;
  if (s.stop) stop = *s.stop;
  else std::swap(start, stop);
  const std::int64_t step = s.step.value_or(1);
  if (step == 0) throw ZeroDivisionError("division by zero");
  return detail::grid_line(start, step, static_cast<std::int64_t>(std::ceil(detail::grid_span(start, stop, step))));
}

// np.mgrid[s1, ..., sK] (K >= 2): shape (K, n1, ..., nK), entry k holding axis k's points along axis k.
template <std::size_t K>
ndarray<std::int64_t, K + 1> mgrid(const std::array<slice, K>& key) {
  const auto axes = detail::grid_axes(key);
  shape_t<K + 1> shape{};
  shape[0] = static_cast<std::int64_t>(K);
  for (std::size_t k = 0; k < K; ++k) {
    if (axes[k].size < 0) throw ValueError("negative dimensions are not allowed");
    shape[k + 1] = axes[k].size;
  }
  auto out = ndarray<std::int64_t, K + 1>::empty(shape);
  std::int64_t per_grid = 1;
  for (std::size_t k = 0; k < K; ++k) per_grid *= axes[k].size;
  for (std::size_t k = 0; k < K; ++k) {
    std::int64_t outer = 1, inner = 1;  // points of the axes before k, after k
    for (std::size_t j = 0; j < k; ++j) outer *= axes[j].size;
    for (std::size_t j = k + 1; j < K; ++j) inner *= axes[j].size;
    const auto line = detail::grid_line(axes[k].start, axes[k].step, axes[k].size);
    std::int64_t* dst = out.data() + static_cast<std::int64_t>(k) * per_grid;
    // Point j of axis k, repeated over the axes after k, for every point of the axes before it: runs of
    // one value, not a division and a remainder per element (a 512 x 512 grid took 3 ms that way).
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t j = 0; j < axes[k].size; ++j, dst += inner) std::fill_n(dst, inner, line.data()[j]);
    }
  }
  return out;
}

// np.ogrid[s1, ..., sK] (K >= 2): K arrays, array k of length n_k along axis k and 1 on the others (a
// negative count gives none, as np.arange does).
template <std::size_t K>
list<ndarray<std::int64_t, K>> ogrid(const std::array<slice, K>& key) {
  const auto axes = detail::grid_axes(key);
  std::vector<ndarray<std::int64_t, K>> out;
  for (std::size_t k = 0; k < K; ++k) {
    const auto line = detail::grid_line(axes[k].start, axes[k].step, axes[k].size);
    shape_t<K> shape{};
    shape.fill(1);
    shape[k] = line.size();
    out.push_back(line.template reshape<K>(shape));
  }
  return list<ndarray<std::int64_t, K>>(out);
}

}  // namespace rt
