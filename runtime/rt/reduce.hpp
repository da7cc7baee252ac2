// numpy's float64 add-reduction in numpy's order, for arrays of any rank: the same sums bit for bit on
// the layouts numpy's iterator handles without reordering, so np.sum, np.mean and friends written on it
// match numpy where its rounding is visible (long runs, cancellation, values near overflow).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include "exceptions.hpp"
#include "iteration_order.hpp"

#include "ndarray.hpp"

namespace rt::reduce {

namespace detail_pairwise {
typedef double v2d __attribute__((vector_size(16)));
inline v2d load2(const double* p) {
  v2d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
}  // namespace detail_pairwise

// numpy 1.24's pairwise_sum (loops_utils.h.src): n elements from p, element stride s; eight
// accumulators below 128 elements, halving above. Contiguous blocks keep the eight accumulators in four
// two-lane registers: lane k still adds exactly the elements accumulator k adds, in the same order, so
// the sum is bit for bit the scalar one, about twice as fast.
inline double pairwise(const double* p, std::int64_t n, std::int64_t s) {
  if (s == 1 && n >= 8 && n <= 128) {
    using namespace detail_pairwise;
    v2d r01 = load2(p), r23 = load2(p + 2), r45 = load2(p + 4), r67 = load2(p + 6);
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      r01 += load2(p + i);
      r23 += load2(p + i + 2);
      r45 += load2(p + i + 4);
      r67 += load2(p + i + 6);
    }
    double res = ((r01[0] + r01[1]) + (r23[0] + r23[1])) + ((r45[0] + r45[1]) + (r67[0] + r67[1]));
    for (; i < n; ++i) res += p[i];
    return res;
  }
  if (n < 8) {
    double r = 0.;
    for (std::int64_t i = 0; i < n; ++i) r += p[i * s];
    return r;
  }
  if (n <= 128) {
    double r[8];
    for (int k = 0; k < 8; ++k) r[k] = p[k * s];
    std::int64_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (int k = 0; k < 8; ++k) r[k] += p[(i + k) * s];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += p[i * s];
    return res;
  }
  std::int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise(p, n2, s) + pairwise(p + n2 * s, n - n2, s);
}

inline constexpr std::int64_t buffer_size = 8192;  // numpy's default iterator buffer

// The inner loop gets a run in chunks of at most the buffer size; each call adds the chunk's pairwise
// sum onto the accumulator.
inline double add_chunks(double acc, const double* p, std::int64_t n, std::int64_t s) {
  for (std::int64_t at = 0; at < n; at += buffer_size) acc += pairwise(p + at * s, std::min(buffer_size, n - at), s);
  return acc;
}

// The axis numpy's iterator makes the inner loop (npyiter_find_best_axis_ordering): among axes longer
// than 1, the one with the smallest |stride|, a later axis winning ties (C order); -1 when none is longer.
template <class T, std::size_t N>
int inner_axis(const ndarray<T, N>& a) {
  int best = -1;
  std::int64_t best_stride = 0;
  for (std::size_t k = 0; k < N; ++k) {
    if (a.shape(k) <= 1) continue;
    const std::int64_t s = a.strides()[k] < 0 ? -a.strides()[k] : a.strides()[k];
    if (best < 0 || s <= best_stride) {
      best = static_cast<int>(k);
      best_stride = s;
    }
  }
  return best;
}

// The runs (pointer, count, stride) numpy's inner loop sees when every axis is reduced: length-1 axes
// drop out, the others go outer to inner by decreasing |stride|; axes laid out back to back coalesce into
// one strided run; if more than one run is left, the buffered iterator copies the elements in that order
// into contiguous buffers of buffer_size.
template <class T, class F>
void full_runs(const T* p, std::vector<std::int64_t> shape, std::vector<std::int64_t> strides, F&& f) {
  std::vector<std::size_t> axes;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    if (shape[k] == 0) return;
    if (shape[k] > 1) axes.push_back(k);
  }
  if (axes.empty()) return f(p, std::int64_t{1}, std::int64_t{1});
  auto mag = [&](std::size_t k) { return strides[k] < 0 ? -strides[k] : strides[k]; };
  std::stable_sort(axes.begin(), axes.end(), [&](std::size_t x, std::size_t y) { return mag(x) > mag(y); });
  std::vector<std::int64_t> n, s;  // outer to inner, coalesced
  for (std::size_t k : axes) {
    if (!n.empty() && s.back() == strides[k] * shape[k]) {
      n.back() *= shape[k];
      s.back() = strides[k];
    } else {
      n.push_back(shape[k]);
      s.push_back(strides[k]);
    }
  }
  if (n.size() == 1) return f(p, n[0], s[0]);
  std::int64_t total = 1;
  for (std::int64_t d : n) total *= d;
  std::vector<T> buf;
  buf.reserve(static_cast<std::size_t>(std::min(total, buffer_size)));
  std::vector<std::int64_t> idx(n.size(), 0);
  const std::size_t inner = n.size() - 1;
  for (const T* row = p;;) {
    for (std::int64_t i = 0; i < n[inner]; ++i) {
      buf.push_back(row[i * s[inner]]);
      if (static_cast<std::int64_t>(buf.size()) == buffer_size) {
        f(static_cast<const T*>(buf.data()), buffer_size, std::int64_t{1});
        buf.clear();
      }
    }
    std::size_t k = inner;
    for (;;) {
      if (k == 0) {
        if (!buf.empty()) f(static_cast<const T*>(buf.data()), static_cast<std::int64_t>(buf.size()), std::int64_t{1});
        return;
      }
      --k;
      if (++idx[k] < n[k]) {
        row += s[k];
        break;
      }
      row -= (n[k] - 1) * s[k];
      idx[k] = 0;
    }
  }
}

// A zeroed result for the kept axes of a reduction, laid out as numpy allocates it: the kept axes in the
// order of the input's strides along them (C order on ties), positive strides. A Fortran-ordered input
// gives a Fortran-ordered result, which decides the order of a later reduction over it.
template <std::size_t K>
ndarray<double, K> zeros_in_input_order(const shape_t<K>& shape, const shape_t<K>& input_strides) {
  auto out = empty_in_order<double, K>(shape, rt::detail::keep_order<K>(shape, {input_strides}, false));
  std::fill(out.data(), out.data() + out.size(), 0.0);
  return out;
}

// np.add.reduce over every axis: identity 0, the pairwise sum of each run added on.
template <std::size_t N>
double sum_all(const ndarray<double, N>& a) {
  double acc = 0.0;
  full_runs(a.data(), std::vector<std::int64_t>(a.shape().begin(), a.shape().end()),
            std::vector<std::int64_t>(a.strides().begin(), a.strides().end()),
            [&](const double* p, std::int64_t n, std::int64_t s) { acc = add_chunks(acc, p, n, s); });
  return acc;
}

// np.add.reduce over the axes marked in `reduced` (M of them), into a new C-ordered array of the other
// axes, in numpy's iterator order: length-1 axes drop out, the rest go outer to inner by decreasing
// |stride|, and neighbours of one kind (both reduced, or both kept) laid out back to back coalesce. When
// the innermost axes left are reduced ones, each visit adds all of them to the output element as one
// reduce call (pairwise, in chunks of the buffer size, over the elements in visiting order, as numpy's
// buffered reduce gathers them); otherwise each output element takes a plain sum in the visiting order.
// Checked against np.add.reduce bit for bit on random views, transposes and axis sets, with runs past
// the buffer size and with values near overflow, where the order decides between a number and inf.
template <std::size_t M, std::size_t N>
ndarray<double, N - M> sum_axes(const ndarray<double, N>& a, const std::array<bool, N>& reduced) {
  shape_t<N - M> out_shape{}, kept_strides{};
  for (std::size_t k = 0, j = 0; k < N; ++k)
    if (!reduced[k]) out_shape[j] = a.shape(k), kept_strides[j++] = a.strides()[k];
  auto out = zeros_in_input_order<N - M>(out_shape, kept_strides);
  if (a.size() == 0) return out;
  struct dim {
    std::int64_t n, in, to;  // length, a's stride, out's stride (0 on reduced axes)
    bool reduced;
  };
  std::vector<dim> dims;
  for (std::size_t k = N, j = N - M; k-- > 0;) {
    std::int64_t to = 0;
    if (!reduced[k]) to = out.strides()[--j];
    if (a.shape(k) > 1) dims.insert(dims.begin(), dim{a.shape(k), a.strides()[k], to, reduced[k]});
  }
  auto mag = [](std::int64_t x) { return x < 0 ? -x : x; };
  std::stable_sort(dims.begin(), dims.end(), [&](const dim& x, const dim& y) { return mag(x.in) > mag(y.in); });
  std::vector<dim> order;  // outer to inner, coalesced
  for (const dim& d : dims) {
    if (!order.empty() && order.back().reduced == d.reduced && order.back().in == d.in * d.n &&
        order.back().to == d.to * d.n) {
      order.back().n *= d.n;
      order.back().in = d.in;
      order.back().to = d.to;
    } else {
      order.push_back(d);
    }
  }
  double* o = out.data();
  const double* p = a.data();
  if (order.empty()) {  // one element
    o[0] = o[0] + p[0];
    return out;
  }
  // The innermost axes that are all reduced make one run per visit: numpy's buffered reduce gathers
  // them in visiting order into one buffer (when they do not coalesce in memory) and reduces it with one
  // call, pairwise in chunks; a single such axis is reduced in place.
  std::size_t first_run = order.size();
  while (first_run > 0 && order[first_run - 1].reduced) --first_run;
  const std::vector<dim> runs(order.begin() + static_cast<std::ptrdiff_t>(first_run), order.end());
  order.resize(first_run);
  std::int64_t run_length = 1;
  for (const dim& d : runs) run_length *= d.n;
  std::vector<double> gathered;
  if (runs.size() > 1) gathered.reserve(static_cast<std::size_t>(run_length));
  auto reduce_run = [&](double acc, const double* start) {
    if (runs.size() == 1) return add_chunks(acc, start, run_length, runs[0].in);
    gathered.clear();
    std::vector<std::int64_t> at(runs.size(), 0);
    for (std::int64_t off = 0;;) {
      gathered.push_back(start[off]);
      std::size_t k = runs.size();
      for (;;) {
        if (k == 0) return add_chunks(acc, gathered.data(), run_length, 1);
        --k;
        if (++at[k] < runs[k].n) {
          off += runs[k].in;
          break;
        }
        off -= (runs[k].n - 1) * runs[k].in;
        at[k] = 0;
      }
    }
  };
  std::vector<std::int64_t> idx(order.size(), 0);
  std::int64_t at = 0, to = 0;
  for (;;) {
    if (!runs.empty()) o[to] = reduce_run(o[to], p + at);
    else o[to] = o[to] + p[at];
    std::size_t k = order.size();
    for (;;) {  // the next visit: the last axis fastest
      if (k == 0) return out;
      --k;
      if (++idx[k] < order[k].n) {
        at += order[k].in;
        to += order[k].to;
        break;
      }
      at -= (order[k].n - 1) * order[k].in;
      to -= (order[k].n - 1) * order[k].to;
      idx[k] = 0;
    }
  }
}

// np.add.reduce along axis r (sum_axes with one axis, without its per-element index arithmetic).
template <std::size_t N>
ndarray<double, N - 1> sum_axis(const ndarray<double, N>& a, std::size_t r) {
  shape_t<N - 1> out_shape{}, kept_strides{};
  for (std::size_t k = 0, j = 0; k < N; ++k) {
    if (k == r) continue;
    out_shape[j] = a.shape(k);
    kept_strides[j++] = a.strides()[k];
  }
  auto out = zeros_in_input_order<N - 1>(out_shape, kept_strides);
  const std::int64_t nr = a.shape(r), sr = a.strides()[r];
  if (nr > 1 && inner_axis(a) == static_cast<int>(r)) {
    // a's kept axes at index 0 along r: each element starts its reduce run
    rt::detail::walk2(out.data(), out.strides(), a.data(), kept_strides, out_shape,
                      [&](double& o, const double& first) { o = add_chunks(0.0, &first, nr, sr); });
    return out;
  }
  // Each slab along r adds onto every output element once, in slab order. A slab laid out as `out` is
  // (a sum over the outermost axis in memory) is one flat loop the compiler vectorises, the order per
  // element unchanged.
  bool flat = true;
  for (std::size_t j = 0; j + 1 < N; ++j)
    if (out_shape[j] > 1 && kept_strides[j] != out.strides()[j]) flat = false;
  const std::int64_t count = out.size();
  for (std::int64_t i = 0; i < nr; ++i) {
    const double* q = a.data() + i * sr;
    if (flat) {
      double* o = out.data();
      for (std::int64_t j = 0; j < count; ++j) o[j] += q[j];
      continue;
    }
    rt::detail::walk2(out.data(), out.strides(), q, kept_strides, out_shape,
                      [](double& o, const double& v) { o = o + v; });
  }
  return out;
}

// The axes a tuple of ints names, checked as numpy checks them (OverflowError past a C int, AxisError out
// of range, ValueError for one named twice); negative from the end.
template <std::size_t N, class... I>
std::array<bool, N> axes_of(const std::tuple<I...>& axes) {
  std::array<bool, N> reduced{};
  std::apply(
      [&](auto... ax) {
        (
            [&](std::int64_t x) {
              const std::int64_t n = static_cast<std::int64_t>(N);
              if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max())
                throw OverflowError("Python int too large to convert to C int");  // numpy reads an axis as a C int
              if (x < -n || x >= n)
                throw AxisError("axis " + std::to_string(x) + " is out of bounds for array of dimension " + std::to_string(n));
              const std::size_t k = static_cast<std::size_t>(x < 0 ? x + n : x);
              if (reduced[k]) throw ValueError("duplicate value in 'axis'");
              reduced[k] = true;
            }(ax),
            ...);
      },
      axes);
  return reduced;
}

}  // namespace rt::reduce
