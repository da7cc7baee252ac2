// numpy's maximum/minimum reductions in numpy's order, so NaN propagation and the sign of a tied zero
// (min of 0.0 and -0.0) come out as numpy's. numpy picks the tied zero by where each element falls in its
// SIMD kernel's lanes; the kernel reproduced here is the x86-64 baseline one (SSE2, 16-byte vectors), the
// numpy the verifier runs (pybridge/numpy_reference.hpp). Checked against numpy on that kernel with
// signed zeros and NaNs at every position, contiguous and strided, full and along an axis.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "cpu.hpp"
#ifdef OPSYNTH_RT_CPU_X86
#include <immintrin.h>
#define OPSYNTH_RT_MINMAX_AVX512 1
#endif

#include "exceptions.hpp"
#include "ndarray.hpp"
#include "reduce.hpp"

namespace rt::minmax {

// One step of numpy's loops (the SSE2 scalar and vector instructions alike): `a` is kept only if it is
// NaN or strictly beyond `b`, so NaN propagates and ties go to `b`.
template <bool Max, class T>
inline T step(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
  }
  if constexpr (Max) {
    return a > b ? a : b;
  } else {
    return a < b ? a : b;
  }
}

// np.maximum / np.minimum of two elements: NaN when either is (a's if a is one, else b's, made quiet,
// as an SSE add of the two gives), else the larger (smaller) with ties to `b`. Written as selects
// between values already computed, with the NaN taken by its bits: `isnan ? a + b : ...` speculated an
// addition, which GCC may not do under the default -ftrapping-math, so that loop never vectorised.
template <bool Max>
inline double elementwise(double a, double b) {
  const double kept = Max ? (a > b ? a : b) : (a < b ? a : b);
  const bool a_nan = a != a;
  const std::uint64_t nan_bits =
      (a_nan ? std::bit_cast<std::uint64_t>(a) : std::bit_cast<std::uint64_t>(b)) | 0x0008000000000000ULL;
  return (a_nan | (b != b)) ? std::bit_cast<double>(nan_bits) : kept;
}

namespace detail {

#if defined(__SSE2__)
// 16-byte vectors. numpy's vector step (npyv_maxn / npyv_minn on SSE2) is _mm_max_pd(a, b), a > b ? a : b
// lane by lane, with a NaN lane of `a` put back: exactly `step` in every lane.
template <class T>
struct vec;
template <>
struct vec<double> {
  using type = __m128d;
  static type load(const double* p) { return _mm_loadu_pd(p); }
  static type splat(double v) { return _mm_set1_pd(v); }
  static void store(double* p, type v) { _mm_storeu_pd(p, v); }
  template <bool Max>
  static type plain(type a, type b) { return Max ? _mm_max_pd(a, b) : _mm_min_pd(a, b); }
  static type unordered(type a, type b) { return _mm_cmpunord_pd(a, b); }
  static type either(type a, type b) { return _mm_or_pd(a, b); }
  static bool any(type a) { return _mm_movemask_pd(a) != 0; }
};
template <>
struct vec<float> {
  using type = __m128;
  static type load(const float* p) { return _mm_loadu_ps(p); }
  static type splat(float v) { return _mm_set1_ps(v); }
  static void store(float* p, type v) { _mm_storeu_ps(p, v); }
  template <bool Max>
  static type plain(type a, type b) { return Max ? _mm_max_ps(a, b) : _mm_min_ps(a, b); }
  static type unordered(type a, type b) { return _mm_cmpunord_ps(a, b); }
  static type either(type a, type b) { return _mm_or_ps(a, b); }
  static bool any(type a) { return _mm_movemask_ps(a) != 0; }
};
#endif

#ifdef OPSYNTH_RT_MINMAX_AVX512
// GCC 12 warns that the unused pass-through operand of its own _mm512_min_pd/_mm512_max_pd (a
// self-initialised _mm512_undefined_pd) may be uninitialised wherever they inline (GCC PR 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// The order of a max/min reduction changes its bits only through NaNs and a tie of 0.0 with -0.0: any
// other result is the one element holding that value. So a long run is first reduced in any order, 32
// elements a step on 64-byte vectors; only when that finds a NaN, or a zero where zeros of both signs
// occur, does numpy's order below run.
// (numpy's SSE2 tree is bound by its 16-byte steps: a compiled np.max of a million floats took 0.2 ms
// where numpy takes 0.1.) False when the caller must run numpy's order.
template <bool Max>
[[gnu::target("avx512f")]] inline __m512d pick(__m512d a, __m512d b) {
  if constexpr (Max) return _mm512_max_pd(a, b);
  else return _mm512_min_pd(a, b);
}

inline constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;  // -0.0's bits

// Whether io and p[0..n) hold both 0.0 and -0.0. A zero result of a reduction without NaN is exact when
// they do not: only elements of that one zero hold its value (a ReLU's output, a stretched image).
[[gnu::target("avx512f")]] inline bool both_zeros(double io, const double* p, std::int64_t n) {
  bool pos = std::bit_cast<std::uint64_t>(io) == 0, neg = std::bit_cast<std::uint64_t>(io) == kSignBit;
  const __m512i zero = _mm512_setzero_si512(), sign = _mm512_set1_epi64(static_cast<long long>(kSignBit));
  std::int64_t i = 0;
  for (; i + 8 <= n && !(pos && neg); i += 8) {
    const __m512i v = _mm512_loadu_si512(p + i);
    pos = pos || _mm512_cmpeq_epi64_mask(v, zero) != 0;
    neg = neg || _mm512_cmpeq_epi64_mask(v, sign) != 0;
  }
  for (; i < n; ++i) {
    pos = pos || std::bit_cast<std::uint64_t>(p[i]) == 0;
    neg = neg || std::bit_cast<std::uint64_t>(p[i]) == kSignBit;
  }
  return pos && neg;
}

template <bool Max>
[[gnu::target("avx512f")]] inline bool any_order_nonzero(double io, const double* p, std::int64_t n, double& out) {
  // A NaN start value must be seen here: max/min_pd return their second operand when either is NaN, so
  // the first pick below would drop it (np.min([nan, -1.5, ...]) came out -1.5).
  if (io != io) return false;
  __m512d a0 = _mm512_set1_pd(io), a1 = a0, a2 = a0, a3 = a0;
  __mmask8 nan = 0;
  std::int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m512d v0 = _mm512_loadu_pd(p + i), v1 = _mm512_loadu_pd(p + i + 8);
    const __m512d v2 = _mm512_loadu_pd(p + i + 16), v3 = _mm512_loadu_pd(p + i + 24);
    nan |= _mm512_cmp_pd_mask(v0, v1, _CMP_UNORD_Q) | _mm512_cmp_pd_mask(v2, v3, _CMP_UNORD_Q);
    a0 = pick<Max>(a0, v0), a1 = pick<Max>(a1, v1), a2 = pick<Max>(a2, v2), a3 = pick<Max>(a3, v3);
  }
  for (; i + 8 <= n; i += 8) {
    const __m512d v = _mm512_loadu_pd(p + i);
    nan |= _mm512_cmp_pd_mask(v, v, _CMP_UNORD_Q);
    a0 = pick<Max>(a0, v);
  }
  const __m512d a = pick<Max>(pick<Max>(a0, a1), pick<Max>(a2, a3));
  if (nan != 0) return false;
  double r = Max ? _mm512_reduce_max_pd(a) : _mm512_reduce_min_pd(a);
  for (; i < n; ++i) {
    if (p[i] != p[i]) return false;
    r = Max ? (p[i] > r ? p[i] : r) : (p[i] < r ? p[i] : r);
  }
  out = r;
  return r != 0.0 || !both_zeros(io, p, n);
}

// Both reductions of any_order_nonzero in one pass over p (a.min() then a.max() read the array twice):
// false at a NaN, or at a zero result where both zeros occur (numpy's order then picks one).
[[gnu::target("avx512f")]] inline bool any_order_both(double io, const double* p, std::int64_t n, double& lo,
                                                      double& hi) {
  if (io != io) return false;
  __m512d lo0 = _mm512_set1_pd(io), lo1 = lo0, hi0 = lo0, hi1 = lo0;
  __mmask8 nan = 0;
  std::int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512d v0 = _mm512_loadu_pd(p + i), v1 = _mm512_loadu_pd(p + i + 8);
    nan |= _mm512_cmp_pd_mask(v0, v1, _CMP_UNORD_Q);
    lo0 = pick<false>(lo0, v0), lo1 = pick<false>(lo1, v1);
    hi0 = pick<true>(hi0, v0), hi1 = pick<true>(hi1, v1);
  }
  if (nan != 0) return false;
  double l = _mm512_reduce_min_pd(pick<false>(lo0, lo1)), h = _mm512_reduce_max_pd(pick<true>(hi0, hi1));
  for (; i < n; ++i) {
    if (p[i] != p[i]) return false;
    l = p[i] < l ? p[i] : l;
    h = p[i] > h ? p[i] : h;
  }
  lo = l, hi = h;
  return (l != 0.0 && h != 0.0) || !both_zeros(io, p, n);
}
#pragma GCC diagnostic pop
#endif

// simd_reduce_c (loops_minmax.dispatch.c.src) on 16-byte vectors: lanes start at io, take eight vectors
// a round as a tree, then one vector a round; a NaN in any lane gives NaN; the lanes fold low to high;
// the last elements follow one by one. On x86-64 the vector part runs on SSE2 itself (every x86-64 has
// it); elsewhere lane by lane, in the same order.
template <bool Max, class T>
T reduce_contiguous(T io, const T* p, std::int64_t n, bool any_order = true) {
#ifdef OPSYNTH_RT_MINMAX_AVX512
  if constexpr (std::is_same_v<T, double>) {
    double out;
    if (any_order && n >= 256 && rt::cpu::has_avx512f() && any_order_nonzero<Max>(io, p, n, out)) return out;
  }
#else
  (void)any_order;
#endif
  constexpr int L = 16 / sizeof(T);
  T acc[L];
  std::int64_t i = 0;
#if defined(__SSE2__)
  // Without a NaN, numpy's vector step is the plain max/min instruction with the same operands, so the
  // tree runs on that alone and NaNs are looked for beside it (one unordered test a pair of vectors, in
  // place of the NaN repair in every step: 1.7x faster). Any NaN makes the result NaN, as numpy's
  // lanes would.
  using V = vec<T>;
  auto a = V::splat(io);
  auto nan_seen = V::unordered(a, a);
  for (; n - i >= 8 * L; i += 8 * L) {
    const T* v = p + i;
    const auto v0 = V::load(v), v1 = V::load(v + L), v2 = V::load(v + 2 * L), v3 = V::load(v + 3 * L);
    const auto v4 = V::load(v + 4 * L), v5 = V::load(v + 5 * L), v6 = V::load(v + 6 * L), v7 = V::load(v + 7 * L);
    nan_seen = V::either(nan_seen, V::either(V::either(V::unordered(v0, v1), V::unordered(v2, v3)),
                                             V::either(V::unordered(v4, v5), V::unordered(v6, v7))));
    const auto r01 = V::template plain<Max>(v0, v1), r23 = V::template plain<Max>(v2, v3);
    const auto r45 = V::template plain<Max>(v4, v5), r67 = V::template plain<Max>(v6, v7);
    a = V::template plain<Max>(a, V::template plain<Max>(V::template plain<Max>(r01, r23), V::template plain<Max>(r45, r67)));
  }
  for (; n - i >= L; i += L) {
    const auto v = V::load(p + i);
    nan_seen = V::either(nan_seen, V::unordered(v, v));
    a = V::template plain<Max>(a, v);
  }
  V::store(acc, a);
  if (V::any(nan_seen)) acc[0] = std::numeric_limits<T>::quiet_NaN();
#else
  for (int k = 0; k < L; ++k) acc[k] = io;
  for (; n - i >= 8 * L; i += 8 * L) {
    for (int k = 0; k < L; ++k) {
      const T* v = p + i + k;
      const T r01 = step<Max>(v[0 * L], v[1 * L]), r23 = step<Max>(v[2 * L], v[3 * L]);
      const T r45 = step<Max>(v[4 * L], v[5 * L]), r67 = step<Max>(v[6 * L], v[7 * L]);
      acc[k] = step<Max>(acc[k], step<Max>(step<Max>(r01, r23), step<Max>(r45, r67)));
    }
  }
  for (; n - i >= L; i += L) {
    for (int k = 0; k < L; ++k) acc[k] = step<Max>(acc[k], p[i + k]);
  }
#endif
  bool nan = false;
  for (int k = 0; k < L; ++k) nan = nan || acc[k] != acc[k];
  T r;
  if (nan) {
    r = std::numeric_limits<T>::quiet_NaN();
  } else if constexpr (L == 2) {
    r = step<Max>(acc[0], acc[1]);
  } else {
    const T h0 = step<Max>(acc[0], acc[2]), h1 = step<Max>(acc[1], acc[3]);
    r = step<Max>(h0, h1);
  }
  for (; i < n; ++i) r = step<Max>(r, p[i]);
  return r;
}

// The strided reduce loop: from eight elements on, eight running values folded as a tree and then into
// io; the rest one by one.
template <bool Max, class T>
T reduce_strided(T io, const T* p, std::int64_t n, std::int64_t s) {
  std::int64_t i = 0;
  if (n >= 8) {
    T m[8];
    for (int k = 0; k < 8; ++k) m[k] = p[k * s];
    for (i = 8; i + 8 <= n; i += 8) {
      for (int k = 0; k < 8; ++k) m[k] = step<Max>(m[k], p[(i + k) * s]);
    }
    m[0] = step<Max>(m[0], m[1]);
    m[2] = step<Max>(m[2], m[3]);
    m[4] = step<Max>(m[4], m[5]);
    m[6] = step<Max>(m[6], m[7]);
    m[0] = step<Max>(m[0], m[2]);
    m[4] = step<Max>(m[4], m[6]);
    io = step<Max>(io, step<Max>(m[0], m[4]));
  }
  for (; i < n; ++i) io = step<Max>(io, p[i * s]);
  return io;
}

}  // namespace detail

// numpy's reduce inner loop: n elements from p (element stride s) folded into io. Integers have no tied
// values that differ, so any order gives numpy's result.
template <bool Max, class T>
T reduce(T io, const T* p, std::int64_t n, std::int64_t s) {
  if (n < 1) return io;
  if constexpr (std::is_floating_point_v<T>) {
    if (s == 1) return detail::reduce_contiguous<Max>(io, p, n);
    return detail::reduce_strided<Max>(io, p, n, s);
  } else {
    for (std::int64_t i = 0; i < n; ++i) io = step<Max>(io, p[i * s]);
    return io;
  }
}

// numpy's reduction iterator hands its inner loop at most 8192 elements at a time (its buffer size), at
// multiples of 8192 from the start of a run: the first element starts the reduction, the first loop
// takes elements 1..8191, the next 8192..16383, and so on (found against numpy on arrays of tied zeros
// up to 40,000 long; one loop over the whole run kept the other zero for one array in ten). Which of two
// tied zeros a reduction keeps depends on where its loops start.
inline constexpr std::int64_t kNumpyLoop = 8192;

// reduce() over the elements at positions [at, at + n) of a run, in numpy's loops (kNumpyLoop).
template <bool Max, class T>
T reduce_run(T io, const T* p, std::int64_t n, std::int64_t s, std::int64_t at) {
  if constexpr (std::is_floating_point_v<T>) {
    if (n > 0 && at + n > kNumpyLoop) {
#ifdef OPSYNTH_RT_MINMAX_AVX512
      if constexpr (std::is_same_v<T, double>) {  // where the order cannot show, one pass over all of it
        double out;
        if (s == 1 && rt::cpu::has_avx512f() && detail::any_order_nonzero<Max>(io, p, n, out)) return out;
      }
#endif
      while (n > 0) {
        const std::int64_t take = std::min(n, kNumpyLoop - at % kNumpyLoop);
        io = s == 1 ? detail::reduce_contiguous<Max>(io, p, take, false) : detail::reduce_strided<Max>(io, p, take, s);
        p += take * s, n -= take, at += take;
      }
      return io;
    }
  }
  return reduce<Max>(io, p, n, s);
}

inline void no_identity(std::int64_t n, const char* name) {
  if (n == 0) {
    throw ValueError(std::string("zero-size array to reduction operation ") + name + " which has no identity");
  }
}

// np.maximum.reduce / np.minimum.reduce over every axis: the first element of the first run starts it
// (no identity), the runs follow in numpy's iterator order (rt::reduce::full_runs).
template <bool Max, class T, std::size_t N>
T all(const ndarray<T, N>& a, const char* name) {
  no_identity(a.size(), name);
  if constexpr (N == 1) {  // one run, as full_runs would give it, without its shape vectors on the heap
    const std::int64_t s = a.strides()[0];
    return reduce_run<Max>(a.data()[0], a.data() + s, a.shape(0) - 1, s, 1);
  }
  T io{};
  bool first = true;
  reduce::full_runs(a.data(), std::vector<std::int64_t>(a.shape().begin(), a.shape().end()),
                    std::vector<std::int64_t>(a.strides().begin(), a.strides().end()),
                    [&](const T* p, std::int64_t n, std::int64_t s) {
                      if (first) {
                        first = false;
                        io = reduce_run<Max>(p[0], p + s, n - 1, s, 1);
                      } else {
                        io = reduce_run<Max>(io, p, n, s, 0);
                      }
                    });
  return io;
}

// (a.min(), a.max()) as all<false> and all<true> give them; an empty array raises the error of the one
// asked first (`max_first`). A contiguous float64 array of 256 or more elements is read once for both
// where no NaN or tie of zeros makes numpy's order matter (one pass over a 2 MB image instead of two).
template <class T, std::size_t N>
std::pair<T, T> both(const ndarray<T, N>& a, bool max_first) {
  no_identity(a.size(), max_first ? "maximum" : "minimum");
#ifdef OPSYNTH_RT_MINMAX_AVX512
  if constexpr (std::is_same_v<T, double>) {
    double lo, hi;
    if (a.size() >= 256 && a.is_c_contiguous() && rt::cpu::has_avx512f() &&
        detail::any_order_both(a.data()[0], a.data() + 1, a.size() - 1, lo, hi))
      return {lo, hi};
  }
#endif
  return {all<false>(a, "minimum"), all<true>(a, "maximum")};
}

// Along axis r of a 2-D operand into out (length a.shape(1 - r)). Each output starts from the first
// element along r. When numpy's iterator makes r the inner loop, each output is one reduce call; otherwise
// the kept axis is inner and each row along r folds elementwise into the outputs.
template <bool Max, class T>
void along_axis(const ndarray<T, 2>& a, int r, T* out, const char* name) {
  const int k = 1 - r;
  const std::int64_t nk = a.shape(k), nr = a.shape(r), sk = a.strides()[k], sr = a.strides()[r];
  no_identity(nr, name);
  const T* p = a.data();
  const bool r_inner = a.shape(k) <= 1 || (a.shape(r) > 1 && reduce::inner_axis(a) == r);
  if (r_inner) {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = reduce_run<Max>(p[j * sk], p + j * sk + sr, nr - 1, sr, 1);
  } else {
    for (std::int64_t j = 0; j < nk; ++j) out[j] = p[j * sk];
    for (std::int64_t i = 1; i < nr; ++i)
      for (std::int64_t j = 0; j < nk; ++j) out[j] = step<Max>(out[j], p[i * sr + j * sk]);
  }
}

}  // namespace rt::minmax
