#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>
#include <algorithm>

namespace oplib::numpy {
namespace detail_numpy_histogram {

// str() of a range end as numpy formats it: a Python int as an int, a float as its repr
template <class E>
std::string text(E v) {
  if constexpr (std::is_same_v<E, std::int64_t>) return std::to_string(v);
  else return rt::float_repr(v);
}

// x.astype(np.intp) on x86: NaN and values outside int64 become INT64_MIN
inline std::int64_t to_intp(double f) {
  if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(f);
}

template <class T, std::size_t N>
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<double, 1>> histogram(const rt::ndarray<T, N>& a, std::int64_t bins,
                                                                           double first, double last) {
  // np.linspace(first, last, bins + 1) in float64
  const std::int64_t num = bins + 1;
  auto edges = rt::ndarray<double, 1>::empty({num});
  double* e = edges.data();
  const double delta = last - first, step = delta / static_cast<double>(bins);
  for (std::int64_t i = 0; i < num; ++i) {
    const double y = static_cast<double>(i);
    e[i] = (step == 0.0 ? y / static_cast<double>(bins) * delta : y * step) + first;
  }
  e[bins] = last;
  // bin_edges[i] with numpy's indexing: negative from the end, IndexError past either end
  const auto edge = [&](std::int64_t i) {
    if (i < -num || i >= num)
      throw rt::IndexError("index " + std::to_string(i) + " is out of bounds for axis 0 with size " + std::to_string(num));
    return e[i < 0 ? i + num : i];
  };
  const double norm = static_cast<double>(bins) / delta;
  // One pass: each value's index computed and moved exactly as numpy's passes below move it, then
  // counted. Only an index outside the bins can raise (numpy's IndexError on the edges, its ValueError
  // on a negative count index), and where those come first depends on numpy's pass order: then the
  // passes below run instead, step by step.
  {
    auto counts = rt::ndarray<std::int64_t, 1>::zeros({bins});
    std::int64_t* c = counts.data();
    bool plain = true;
    a.for_each([&](T value) {
      const double x = static_cast<double>(value);
      if (!(x >= first && x <= last)) return;
      std::int64_t i = to_intp((x - first) * norm);
      if (i == bins) i = bins - 1;
      if (i < 0 || i >= bins) [[unlikely]] {
        plain = false;
        return;
      }
      if (x < e[i]) --i;
      if (x >= e[i + 1] && i != bins - 1) ++i;
      if (i < 0) [[unlikely]] {
        plain = false;
        return;
      }
      ++c[i];
    });
    if (plain) return {counts, edges};
  }
  std::vector<double> kept;  // the values in the range, in C order (never NaN)
  a.for_each([&](T value) {
    const double x = static_cast<double>(value);
    if (x >= first && x <= last) kept.push_back(x);
  });
  std::vector<std::int64_t> indices;
  for (double x : kept) {
    const std::int64_t i = to_intp((x - first) * norm);
    indices.push_back(i == bins ? i - 1 : i);
  }
  // numpy moves every index down where its edge disagrees, then every one up: the two passes stay apart
  for (std::size_t k = 0; k < indices.size(); ++k)
    if (kept[k] < edge(indices[k])) --indices[k];
  for (std::size_t k = 0; k < indices.size(); ++k)
    if (kept[k] >= edge(indices[k] + 1) && indices[k] != bins - 1) ++indices[k];
  // np.bincount(indices, minlength=bins) added to zeros(bins)
  std::int64_t longest = bins;
  for (std::int64_t i : indices) {
    if (i < 0) throw rt::ValueError("'list' argument must have no negative elements");
    longest = std::max(longest, i + 1);
  }
  if (longest != bins)
    throw rt::ValueError("operands could not be broadcast together with shapes (" + std::to_string(bins) + ",) (" +
                         std::to_string(longest) + ",) (" + std::to_string(bins) + ",) ");
  auto counts = rt::ndarray<std::int64_t, 1>::zeros({bins});
  for (std::int64_t i : indices) ++counts.data()[i];
  return {counts, edges};
}

// numpy's sort order for float64: NaN after every number
inline bool sorts_before(double x, double y) {
  if (std::isnan(y)) return !std::isnan(x);
  return x < y;
}

inline void check_bins(std::int64_t bins) {
  if (bins < 1) throw rt::ValueError("`bins` must be positive, when an integer");
}

}  // namespace detail_numpy_histogram

template <std::size_t N>
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<double, 1>> histogram(const rt::ndarray<double, N>& a, std::int64_t bins = 10) {
  detail_numpy_histogram::check_bins(bins);
  double first = 0.0, last = 1.0;  // an empty array's range
  if (a.size() > 0) {
    // a.ravel().min() and .max() as numpy computes them: NaN when any element is NaN, and of two tied
    // zeros the one numpy's reduction keeps. A view ravels into a C-ordered copy, whose reduction can keep
    // the other zero than the view's own order would.
    std::tie(first, last) = a.is_c_contiguous() ? rt::minmax::both(a, false) : rt::minmax::both(a.copy(), false);
    if (!std::isfinite(first) || !std::isfinite(last))
      throw rt::ValueError("autodetected range of [" + rt::float_repr(first) + ", " + rt::float_repr(last) + "] is not finite");
  }
  if (first == last) first -= 0.5, last += 0.5;
  return detail_numpy_histogram::histogram(a, bins, first, last);
}

template <class T, std::size_t N, class E>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) &&
           (std::is_same_v<E, double> || std::is_same_v<E, std::int64_t>))
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<double, 1>> histogram(const rt::ndarray<T, N>& a, std::int64_t bins,
                                                                           const std::tuple<E, E>& range) {
  detail_numpy_histogram::check_bins(bins);
  const auto [lo, hi] = range;
  if (lo > hi) throw rt::ValueError("max must be larger than min in range parameter.");
  if (!std::isfinite(static_cast<double>(lo)) || !std::isfinite(static_cast<double>(hi)))
    throw rt::ValueError("supplied range of [" + detail_numpy_histogram::text(lo) + ", " + detail_numpy_histogram::text(hi) +
                         "] is not finite");
  double first = static_cast<double>(lo), last = static_cast<double>(hi);
  if (lo == hi) first -= 0.5, last += 0.5;
  return detail_numpy_histogram::histogram(a, bins, first, last);
}

template <class T, std::size_t N>
  requires(std::is_same_v<T, std::int64_t>)
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<double, 1>> histogram(const rt::ndarray<T, N>& a, std::int64_t bins = 10) {
  // a.min() and a.max() as ints (exact), the values read as float64 once the edges are float64
  detail_numpy_histogram::check_bins(bins);
  double first = 0.0, last = 1.0;
  if (a.size() > 0) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max(), hi = std::numeric_limits<std::int64_t>::min();
    a.for_each([&](std::int64_t x) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    });
    first = static_cast<double>(lo), last = static_cast<double>(hi);
  }
  if (first == last) first -= 0.5, last += 0.5;
  return detail_numpy_histogram::histogram(a, bins, first, last);
}

// bins as an array of edges: cum_n = searchsorted(sorted a, edges[:-1], 'left') ++ searchsorted(.., edges[-1:],
// 'right'), the counts its differences; the edges come back as the array given (np.asarray keeps it)
template <class T, std::size_t N, class E>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) &&
           (std::is_same_v<E, double> || std::is_same_v<E, std::int64_t>))
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<E, 1>> histogram(const rt::ndarray<T, N>& a, const rt::ndarray<E, 1>& edges) {
  using detail_numpy_histogram::sorts_before;
  const std::int64_t m = edges.size();
  const auto edge = [&](std::int64_t i) { return static_cast<double>(edges.data()[i * edges.strides()[0]]); };
  for (std::int64_t i = 0; i + 1 < m; ++i)
    if (edge(i) > edge(i + 1)) throw rt::ValueError("`bins` must increase monotonically, when an array");
  if (m >= 2) {
    std::vector<double> e(static_cast<std::size_t>(m));
    bool nan_edge = false;
    for (std::int64_t i = 0; i < m; ++i) {
      e[static_cast<std::size_t>(i)] = edge(i);
      nan_edge = nan_edge || std::isnan(edge(i));
    }
    if (!nan_edge) {
      // Each value's bin by a search over the edges: the largest i with e[i] <= x, the last bin closed;
      // the same counts as the differences of the searches below (a NaN value sorts past every edge and
      // is counted nowhere), without sorting the data.
      auto counts = rt::ndarray<std::int64_t, 1>::zeros({m - 1});
      std::int64_t* c = counts.data();
      const double last_edge = e.back();
      a.for_each([&](T value) {
        const double x = static_cast<double>(value);
        if (!(x >= e.front() && x <= last_edge)) return;  // outside, or NaN
        auto bin = std::upper_bound(e.begin(), e.end(), x) - e.begin() - 1;
        if (bin == m - 1) bin = m - 2;  // x equals the last edge
        ++c[bin];
      });
      return {counts, edges};
    }
  }
  std::vector<double> sorted;
  sorted.reserve(static_cast<std::size_t>(a.size()));
  a.for_each([&](T x) { sorted.push_back(static_cast<double>(x)); });
  std::sort(sorted.begin(), sorted.end(), sorts_before);
  std::vector<std::int64_t> cum(static_cast<std::size_t>(m));
  for (std::int64_t i = 0; i < m; ++i) {
    const double v = edge(i);
    const auto at = i + 1 < m ? std::lower_bound(sorted.begin(), sorted.end(), v, sorts_before)
                              : std::upper_bound(sorted.begin(), sorted.end(), v, sorts_before);
    cum[static_cast<std::size_t>(i)] = at - sorted.begin();
  }
  auto counts = rt::ndarray<std::int64_t, 1>::empty({m > 0 ? m - 1 : 0});
  for (std::int64_t i = 0; i + 1 < m; ++i)
    counts.data()[i] = cum[static_cast<std::size_t>(i + 1)] - cum[static_cast<std::size_t>(i)];
  return {counts, edges};
}

// bins=16 written as a constant may arrive as a Literal
template <class T, std::size_t N, rt::literal B, class... Range>
  requires(B.kind == rt::literal_kind::integer && sizeof...(Range) <= 1)
std::tuple<rt::ndarray<std::int64_t, 1>, rt::ndarray<double, 1>> histogram(const rt::ndarray<T, N>& a, rt::lit<B>,
                                                                           const Range&... range) {
  return histogram(a, B.i, range...);
}

}  // namespace oplib::numpy
