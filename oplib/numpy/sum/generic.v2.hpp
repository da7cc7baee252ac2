// op: numpy.sum
// sig: ndarray[float64,1] -> float64
// sig: ndarray[float64,2] -> float64
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[-1] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[0], None, None, Literal[True] -> ndarray[float64,2]
// sig: ndarray[float64,2], Literal[1], None, None, Literal[True] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> int64
// sig: ndarray[int64,2] -> int64
// sig: ndarray[int64,2], Literal[0] -> ndarray[int64,1]
// sig: ndarray[int64,2], Literal[1] -> ndarray[int64,1]
// generic: yes
// tolerance: reduction
// note: numpy's pairwise sum and its reduction iterator's axis order/coalescing are reproduced (also passes exact), including the iterator's buffer of 8192: a run longer than that reaches the inner loop in chunks of 8192, each chunk's pairwise sum added on in order (v1 summed the whole run pairwise, which rounds differently past 8192 elements and overflowed to -inf on a row whose magnitudes sum past DBL_MAX where numpy stays finite); int64 sums wrap like numpy
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace oplib::numpy::detail_numpy_sum_generic {

// numpy 1.24's pairwise_sum (loops_utils.h.src): n elements from p, element stride s.
inline double pairwise(const double* p, std::int64_t n, std::int64_t s) {
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

// numpy's inner loop gets a run in chunks of at most the iterator's buffer size (8192); each call adds
// the chunk's pairwise sum onto the accumulator.
inline double add_chunks(double acc, const double* p, std::int64_t n, std::int64_t s) {
  constexpr std::int64_t bufsize = 8192;
  for (std::int64_t at = 0; at < n; at += bufsize) acc += pairwise(p + at * s, std::min(bufsize, n - at), s);
  return acc;
}

// Axis order of numpy's reduction iterator for a 2-D operand (npyiter_find_best_axis_ordering): strides of
// length-1 axes count as 0; axis 0 becomes the inner loop only if both strides are nonzero and |s1| > |s0|.
template <class T>
inline int inner_axis(const rt::ndarray<T, 2>& a) {
  const std::int64_t t0 = a.shape(0) == 1 ? 0 : a.strides()[0];
  const std::int64_t t1 = a.shape(1) == 1 ? 0 : a.strides()[1];
  return (t0 != 0 && t1 != 0 && (t1 < 0 ? -t1 : t1) > (t0 < 0 ? -t0 : t0)) ? 0 : 1;
}

// The runs (pointer, count, stride) the inner loop sees when every axis of a 2-D operand is reduced:
// length-1 axes drop out; two axes laid out back to back coalesce into one strided run; otherwise the
// buffered iterator copies the elements, in its axis order, into contiguous buffers of 8192.
template <class T, class F>
inline void full_runs(const rt::ndarray<T, 2>& a, F&& f) {
  const std::int64_t n0 = a.shape(0), n1 = a.shape(1), s0 = a.strides()[0], s1 = a.strides()[1];
  if (n0 == 0 || n1 == 0) return;
  const T* p = a.data();
  if (n0 == 1) return f(p, n1, s1);
  if (n1 == 1) return f(p, n0, s0);
  const int in = inner_axis(a);
  const std::int64_t ni = in ? n1 : n0, si = in ? s1 : s0, no = in ? n0 : n1, so = in ? s0 : s1;
  if (si * ni == so) return f(p, n0 * n1, si);
  constexpr std::int64_t bufsize = 8192;
  std::vector<T> buf;
  buf.reserve(static_cast<std::size_t>(std::min(n0 * n1, bufsize)));
  for (std::int64_t o = 0; o < no; ++o) {
    for (std::int64_t i = 0; i < ni; ++i) {
      buf.push_back(p[o * so + i * si]);
      if (static_cast<std::int64_t>(buf.size()) == bufsize) {
        f(static_cast<const T*>(buf.data()), bufsize, std::int64_t{1});
        buf.clear();
      }
    }
  }
  if (!buf.empty()) f(static_cast<const T*>(buf.data()), static_cast<std::int64_t>(buf.size()), std::int64_t{1});
}

// Whether numpy's iterator runs the reduced axis r of a 2-D operand as the inner loop (a reduce loop),
// rather than the kept axis (an elementwise loop over the output row).
template <class T>
inline bool reduced_axis_inner(const rt::ndarray<T, 2>& a, int r) {
  const int k = 1 - r;
  if (a.shape(r) <= 1) return false;
  if (a.shape(k) <= 1) return true;
  return inner_axis(a) == r;
}

// Full reduction with numpy's add: identity 0, the pairwise sum of each run added on.
inline double sum_all(const rt::ndarray<double, 1>& a) {
  return add_chunks(0.0, a.data(), a.shape(0), a.strides()[0]);
}
inline double sum_all(const rt::ndarray<double, 2>& a) {
  double acc = 0.0;
  full_runs(a, [&](const double* p, std::int64_t n, std::int64_t s) { acc = add_chunks(acc, p, n, s); });
  return acc;
}

// Sum over axis r of a 2-D operand into out (kept axis, contiguous, length a.shape(1-r)).
inline void sum_axis(const rt::ndarray<double, 2>& a, int r, double* out) {
  const int k = 1 - r;
  const std::int64_t nk = a.shape(k), nr = a.shape(r), sk = a.strides()[k], sr = a.strides()[r];
  const double* p = a.data();
  if (reduced_axis_inner(a, r)) {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = add_chunks(0.0, p + j * sk, nr, sr);
  } else {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = 0.0;
    for (std::int64_t i = 0; i < nr; ++i)
      for (std::int64_t j = 0; j < nk; ++j) out[j] = out[j] + p[i * sr + j * sk];
  }
}

}  // namespace oplib::numpy::detail_numpy_sum_generic

namespace oplib::numpy {

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::np_scalar<T> sum(const rt::ndarray<T, 1>& a) {
  if constexpr (std::is_same_v<T, double>) {
    return rt::np_scalar<T>{detail_numpy_sum_generic::sum_all(a)};
  } else {
    std::uint64_t s = 0;  // numpy's int64 sum wraps around
    a.for_each([&](std::int64_t v) { s += static_cast<std::uint64_t>(v); });
    return rt::np_scalar<T>{static_cast<std::int64_t>(s)};
  }
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::np_scalar<T> sum(const rt::ndarray<T, 2>& a) {
  if constexpr (std::is_same_v<T, double>) {
    return rt::np_scalar<T>{detail_numpy_sum_generic::sum_all(a)};
  } else {
    std::uint64_t s = 0;
    a.for_each([&](std::int64_t v) { s += static_cast<std::uint64_t>(v); });
    return rt::np_scalar<T>{static_cast<std::int64_t>(s)};
  }
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           (K.i == 0 || K.i == -1))
inline rt::np_scalar<T> sum(const rt::ndarray<T, 1>& a, rt::lit<K>) {
  return sum(a);
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 1> sum(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto out = rt::ndarray<T, 1>::empty({a.shape(1 - r)});
  if constexpr (std::is_same_v<T, double>) {
    detail_numpy_sum_generic::sum_axis(a, r, out.data());
  } else {
    const std::int64_t nk = a.shape(1 - r), nr = a.shape(r), sk = a.strides()[1 - r], sr = a.strides()[r];
    const std::int64_t* p = a.data();
    for (std::int64_t j = 0; j < nk; ++j) {
      std::uint64_t s = 0;
      for (std::int64_t i = 0; i < nr; ++i) s += static_cast<std::uint64_t>(p[i * sr + j * sk]);
      out.data()[j] = static_cast<std::int64_t>(s);
    }
  }
  return out;
}

template <class T, rt::literal K>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && K.kind == rt::literal_kind::integer &&
           K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> sum(const rt::ndarray<T, 2>& a, rt::lit<K> axis, rt::none, rt::none, rt::lit<true>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto flat = sum(a, axis);
  rt::shape_t<2> shape{a.shape(0), a.shape(1)};
  shape[r] = 1;
  return flat.reshape(shape);
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 2> sum(const rt::ndarray<T, 2>& a, rt::none, rt::none, rt::none, rt::lit<true>) {
  return rt::ndarray<T, 2>::full({1, 1}, sum(a).value);
}

}  // namespace oplib::numpy
