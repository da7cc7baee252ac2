// op: numpy.var
// sig: ndarray[float64,1] -> float64
// sig: ndarray[float64,2] -> float64
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,1]
// generic: yes
// tolerance: reduction
// note: numpy's _var step by step (mean with keepdims, deviations in the iterator's memory order, pairwise sums; also passes exact); empty input gives nan like numpy (which only warns); v2: runs longer than the iterator's buffer (8192) are summed in chunks of 8192, each chunk's pairwise sum added on in order, as numpy's inner loop sees them (v1 summed a whole run pairwise: other rounding past 8192 elements, and an overflow to inf where numpy stays finite)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace oplib::numpy::detail_numpy_var_generic {

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


// numpy 1.24's maximum/minimum (loops_minmax.dispatch.c.src, AVX512_SKX target): the scalar step keeps
// `a` only if it is NaN or strictly beyond `b`, so NaN propagates and ties go to `b`.
template <bool Max, class T>
inline T mm_op(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
  }
  if constexpr (Max) {
    return a > b ? a : b;
  } else {
    return a < b ? a : b;
  }
}

// The reduce loop over count elements at p (stride s) into io: the contiguous SIMD path (8 lanes, lane
// reduction high half against low half) when s == 1, the 8-way unrolled scalar path otherwise.
template <bool Max, class T>
inline T mm_reduce(T io, const T* p, std::int64_t n, std::int64_t s) {
  if (n < 1) return io;
  if constexpr (std::is_floating_point_v<T>) {
    if (s == 1) {
      T acc[8];
      for (int k = 0; k < 8; ++k) acc[k] = io;
      std::int64_t i = 0;
      for (; n - i >= 64; i += 64) {
        T v[8][8];
        for (int j = 0; j < 8; ++j)
          for (int k = 0; k < 8; ++k) v[j][k] = p[i + 8 * j + k];
        for (int k = 0; k < 8; ++k) {
          const T r01 = mm_op<Max>(v[0][k], v[1][k]), r23 = mm_op<Max>(v[2][k], v[3][k]);
          const T r45 = mm_op<Max>(v[4][k], v[5][k]), r67 = mm_op<Max>(v[6][k], v[7][k]);
          const T r0123 = mm_op<Max>(r01, r23), r4567 = mm_op<Max>(r45, r67);
          acc[k] = mm_op<Max>(acc[k], mm_op<Max>(r0123, r4567));
        }
      }
      for (; n - i >= 8; i += 8) {
        for (int k = 0; k < 8; ++k) acc[k] = mm_op<Max>(acc[k], p[i + k]);
      }
      T r;
      bool has_nan = false;
      for (int k = 0; k < 8; ++k) has_nan = has_nan || acc[k] != acc[k];
      if (has_nan) {
        r = std::numeric_limits<T>::quiet_NaN();
      } else {
        T v4[4], v2[2];
        for (int k = 0; k < 4; ++k) v4[k] = mm_op<Max>(acc[k + 4], acc[k]);
        for (int k = 0; k < 2; ++k) v2[k] = mm_op<Max>(v4[k + 2], v4[k]);
        r = mm_op<Max>(v2[0], v2[1]);
      }
      for (; i < n; ++i) r = mm_op<Max>(r, p[i]);
      return r;
    }
  }
  std::int64_t i = 0;
  if (n >= 8) {
    T m[8];
    for (int k = 0; k < 8; ++k) m[k] = p[k * s];
    i = 8;
    for (; i + 8 <= n; i += 8) {
      for (int k = 0; k < 8; ++k) m[k] = mm_op<Max>(m[k], p[(i + k) * s]);
    }
    m[0] = mm_op<Max>(m[0], m[1]);
    m[2] = mm_op<Max>(m[2], m[3]);
    m[4] = mm_op<Max>(m[4], m[5]);
    m[6] = mm_op<Max>(m[6], m[7]);
    m[0] = mm_op<Max>(m[0], m[2]);
    m[4] = mm_op<Max>(m[4], m[6]);
    m[0] = mm_op<Max>(m[0], m[4]);
    io = mm_op<Max>(io, m[0]);
  }
  for (; i < n; ++i) io = mm_op<Max>(io, p[i * s]);
  return io;
}

// Full min/max reduction of a 1-D or 2-D operand (no identity: the first element starts it).
template <bool Max, class T, std::size_t N>
inline T mm_all(const rt::ndarray<T, N>& a, const char* name) {
  if (a.size() == 0) {
    throw rt::ValueError(std::string("zero-size array to reduction operation ") + name + " which has no identity");
  }
  if constexpr (N == 1) {
    const T* p = a.data();
    const std::int64_t s = a.strides()[0];
    return mm_reduce<Max>(p[0], p + s, a.shape(0) - 1, s);
  } else {
    T io{};
    bool first = true;
    full_runs(a, [&](const T* p, std::int64_t n, std::int64_t s) {
      if (first) {
        first = false;
        io = mm_reduce<Max>(p[0], p + s, n - 1, s);
      } else {
        io = mm_reduce<Max>(io, p, n, s);
      }
    });
    return io;
  }
}

// Min/max over axis r of a 2-D operand into out (length a.shape(1-r)). Each output starts from the first
// element along r; at most 7 more follow in numpy's scalar order when the axis is short, but the reduce
// path is used when r is the inner axis, as numpy does.
template <bool Max, class T>
inline void mm_axis(const rt::ndarray<T, 2>& a, int r, T* out, const char* name) {
  const int k = 1 - r;
  const std::int64_t nk = a.shape(k), nr = a.shape(r), sk = a.strides()[k], sr = a.strides()[r];
  if (nr == 0) {
    throw rt::ValueError(std::string("zero-size array to reduction operation ") + name + " which has no identity");
  }
  const T* p = a.data();
  if (reduced_axis_inner(a, r)) {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = mm_reduce<Max>(p[j * sk], p + j * sk + sr, nr - 1, sr);
  } else {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = p[j * sk];
    for (std::int64_t i = 1; i < nr; ++i)
      for (std::int64_t j = 0; j < nk; ++j) out[j] = mm_op<Max>(out[j], p[i * sr + j * sk]);
  }
}

}  // namespace oplib::numpy::detail_numpy_var_generic

namespace oplib::numpy::detail_numpy_var_generic {

// numpy's _var: arrmean = sum(keepdims) / n; x = arr - arrmean in the iterator's memory order (C, or F when
// axis 0 is the inner loop); x *= x; sum(x) / n.
inline rt::ndarray<double, 2> squared_deviations(const rt::ndarray<double, 2>& a, const double* mean, int r) {
  const std::int64_t n0 = a.shape(0), n1 = a.shape(1);
  const bool f_order = n0 > 0 && n1 > 0 && inner_axis(a) == 0;
  auto x = f_order ? rt::ndarray<double, 2>::empty({n1, n0}).transpose() : rt::ndarray<double, 2>::empty({n0, n1});
  for (std::int64_t i = 0; i < n0; ++i)
    for (std::int64_t j = 0; j < n1; ++j) {
      const double m = r < 0 ? mean[0] : r == 0 ? mean[j] : mean[i];
      const double d = a(i, j) - m;
      x(i, j) = d * d;
    }
  return x;
}

inline double var_all(const rt::ndarray<double, 1>& a) {
  const std::int64_t n = a.shape(0);
  const double m = sum_all(a) / static_cast<double>(n);
  auto x = rt::ndarray<double, 1>::empty({n});
  for (std::int64_t i = 0; i < n; ++i) {
    const double d = a(i) - m;
    x(i) = d * d;
  }
  return sum_all(x) / static_cast<double>(n);
}

inline double var_all(const rt::ndarray<double, 2>& a) {
  const double n = static_cast<double>(a.size());
  const double m = sum_all(a) / n;
  return sum_all(squared_deviations(a, &m, -1)) / n;
}

inline rt::ndarray<double, 1> var_axis(const rt::ndarray<double, 2>& a, int r) {
  const std::int64_t nk = a.shape(1 - r);
  const double n = static_cast<double>(a.shape(r));
  std::vector<double> m(static_cast<std::size_t>(nk));
  sum_axis(a, r, m.data());
  for (double& v : m) v = v / n;
  auto out = rt::ndarray<double, 1>::empty({nk});
  sum_axis(squared_deviations(a, m.data(), r), r, out.data());
  for (std::int64_t j = 0; j < nk; ++j) out.data()[j] = out.data()[j] / n;
  return out;
}

}  // namespace oplib::numpy::detail_numpy_var_generic

namespace oplib::numpy {

template <std::size_t N>
  requires(N == 1 || N == 2)
inline rt::float64 var(const rt::ndarray<double, N>& a) {
  return rt::float64{(detail_numpy_var_generic::var_all(a))};
}

template <rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<double, 1> var(const rt::ndarray<double, 2>& a, rt::lit<K>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto out = detail_numpy_var_generic::var_axis(a, r);
  for (std::int64_t j = 0; j < out.shape(0); ++j) out.data()[j] = (out.data()[j]);
  return out;
}

template <rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<double, 2> var(const rt::ndarray<double, 2>& a, rt::lit<K> axis, rt::none, rt::none, rt::lit<0>,
                                 rt::lit<true>) {
  constexpr int r = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  auto flat = var(a, axis);
  rt::shape_t<2> shape{a.shape(0), a.shape(1)};
  shape[r] = 1;
  return flat.reshape(shape);
}

}  // namespace oplib::numpy
