// rt::fast_log: float64 natural logarithms (log and log1p) over contiguous runs, 8 at a time on AVX-512,
// within 1 ulp of glibc's.
//
// glibc's log and log1p are one call per element (about 5.5 ns each here), while numpy 1.24 runs SVML's
// AVX-512 loops (0.7-0.9 ns): a compiled softplus, log1p(exp(x)), ran at 0.64x numpy. The method:
//   x = 2^k m,  m in [0.6875, 1.375),  log x = k ln2 - log(invc) + log1p(m invc - 1)
// with invc a 9-bit approximation of 1/c for the center c of m's subinterval (32 of them; exactly 1 on
// the two either side of 1, so that log is exact near 1), m invc - 1 computed exactly as a sum of two
// doubles (m split into halves of 26 and 27 bits: each product with a 9-bit invc is exact, and the
// subtraction of 1 is exact by Sterbenz), -log(invc) held as a double plus its remainder (computed once in
// long double), k ln2 with ln2 split so that k times its head is exact, and log1p(r) - r as r^2 times a
// polynomial in r to r^10 (the next term is below 2^-62 of the result). The big terms are added with
// their rounding errors kept (two-sum), so the result is rounded once: within 1 ulp of glibc's, measured
// by tests/runtime/test_fast_log.cpp over millions of inputs, inside numpy.log's and numpy.log1p's
// verified tolerance of 2. log1p(x) is log(1 + x) plus the rounding error of 1 + x divided by it.
//
// The scalar form and the AVX-512 loop do the same IEEE operations in the same order, without FMA, so
// every path gives the same bits wherever an element lands. Without AVX-512 every path is glibc's (the
// scalar form alone is slower than glibc), so there too the paths agree. Inputs outside the normal positive range
// (zeros, subnormals, negatives, inf, NaN; for log1p: x <= -1, inf, NaN and |x| < 2^-54, where log1p(x)
// is x) go to std::log / std::log1p, so every special value is glibc's.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "cpu.hpp"

#ifdef OPSYNTH_RT_CPU_X86
#include <immintrin.h>
#define OPSYNTH_RT_FAST_LOG_X86 1
#endif

#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

namespace rt::fast_log {

namespace detail {

inline constexpr int kTableBits = 5;
inline constexpr std::uint64_t kTableSize = std::uint64_t{1} << kTableBits;
inline constexpr std::uint64_t kOffset = 0x3fe6000000000000;  // the bits of 0.6875: m in [0.6875, 1.375)
inline constexpr int kIndexShift = 52 - kTableBits;

struct table {
  alignas(64) std::array<double, kTableSize> invc;   // 9 significant bits
  alignas(64) std::array<double, kTableSize> log_c;  // -log(invc), rounded
  alignas(64) std::array<double, kTableSize> log_c_lo;  // the rest of -log(invc)
};

inline const table& the_table() {
  static const table t = [] {
    table out{};
    for (std::uint64_t i = 0; i < kTableSize; ++i) {
      const long double lo = std::bit_cast<double>(kOffset + (i << kIndexShift));
      const long double hi = std::bit_cast<double>(kOffset + ((i + 1) << kIndexShift));
      const long double center = (lo + hi) / 2;
      double invc = 1.0;
      if (!(lo <= 1.0L && 1.0L <= hi)) {  // the two subintervals that meet at 1 keep invc = 1
        int e = 0;
        const double f = std::frexp(static_cast<double>(1.0L / center), &e);
        invc = std::ldexp(std::nearbyint(std::ldexp(f, 9)), e - 9);
      }
      const long double log_c = -std::log(static_cast<long double>(invc));
      out.invc[i] = invc;
      out.log_c[i] = static_cast<double>(log_c);
      out.log_c_lo[i] = static_cast<double>(log_c - static_cast<long double>(out.log_c[i]));
    }
    return out;
  }();
  return t;
}

inline constexpr double kLn2Hi = 0x1.62e42fefa3800p-1;   // ln 2 to 42 bits: k times it is exact
inline constexpr double kLn2Lo = 0x1.ef35793c76730p-45;  // the rest of ln 2
// log1p(r) - r = r^2 (c0 + c1 r + ... + c10 r^10), |r| < 2^-5.9
inline constexpr double kC[11] = {-1.0 / 2, 1.0 / 3, -1.0 / 4, 1.0 / 5, -1.0 / 6, 1.0 / 7,
                                  -1.0 / 8, 1.0 / 9, -1.0 / 10, 1.0 / 11, -1.0 / 12};
inline constexpr std::uint64_t kSplitMask = ~((std::uint64_t{1} << 27) - 1);  // m's top 26 significant bits

// c0 + c1 r + ... + c10 r^10 by Estrin's scheme (five steps deep, where Horner's rule is ten); poly8
// does the same operations in the same order.
inline double poly(double r) {
  const double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  const double s0 = (kC[0] + kC[1] * r) + (kC[2] + kC[3] * r) * r2;
  const double s1 = (kC[4] + kC[5] * r) + (kC[6] + kC[7] * r) * r2;
  const double s2 = (kC[8] + kC[9] * r) + kC[10] * r2;
  return (s0 + s1 * r4) + s2 * r8;
}

// log(x) for a normal positive finite x, with `extra` (below 2^-52 of the result's scale) added before
// the one rounding: log1p's correction for the rounding of 1 + x.
inline double in_range(double x, double extra, const table& t) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  const std::uint64_t tb = bits - kOffset;
  const double kd = static_cast<double>(static_cast<std::int64_t>(tb) >> 52);
  const std::uint64_t i = (tb >> kIndexShift) & (kTableSize - 1);
  const std::uint64_t m_bits = bits - (tb & 0xfff0000000000000);
  const double m = std::bit_cast<double>(m_bits);
  const double m_hi = std::bit_cast<double>(m_bits & kSplitMask);
  const double m_lo = m - m_hi;
  const double invc = t.invc[i];
  const double a = m_hi * invc - 1.0;  // exact
  const double b = m_lo * invc;        // exact
  const double r = a + b;
  const double bv = r - a;
  const double r_lo = (a - (r - bv)) + (b - bv);
  const double big = kd * kLn2Hi, small = t.log_c[i];
  const double w = big + small;
  const double wv = w - big;
  const double w_lo = (big - (w - wv)) + (small - wv);
  const double hi = w + r;
  const double hv = hi - w;
  const double hi_lo = (w - (hi - hv)) + (r - hv);
  const double p = poly(r);
  const double lo = ((w_lo + hi_lo) + ((r_lo + extra) + (t.log_c_lo[i] + kd * kLn2Lo))) + (r * r) * p;
  return hi + lo;
}

// Normal, positive and finite.
inline bool log_inside(double x) {
  return std::bit_cast<std::uint64_t>(x) - 0x0010000000000000 < 0x7fe0000000000000;
}
// x > -1, finite, and not so small that log1p(x) is x.
inline bool log1p_inside(double x) { return x > -1.0 && x < 0x1p1023 && std::fabs(x) >= 0x1p-54; }

inline double scalar_log(double x, const table& t) { return log_inside(x) ? in_range(x, 0.0, t) : std::log(x); }

// 1 + x as a double plus its rounding error (two-sum), then log of the sum with error / sum added.
inline double log1p_in_range(double x, const table& t) {
  const double u = 1.0 + x;
  const double bv = u - 1.0;
  const double err = (1.0 - (u - bv)) + (x - bv);
  return in_range(u, err / u, t);
}
inline double scalar_log1p(double x, const table& t) { return log1p_inside(x) ? log1p_in_range(x, t) : std::log1p(x); }

#ifdef OPSYNTH_RT_FAST_LOG_X86
// The tables in registers, loaded once per run (loads inside the loop were repeated per vector: the
// compiler cannot tell the run's stores from the table).
struct columns8 {
  __m512d invc[4], log_c[4], log_c_lo[4];
};
[[gnu::target("avx512f")]] inline columns8 load_columns(const table& t) {
  columns8 c;
  for (int q = 0; q < 4; ++q) {
    c.invc[q] = _mm512_load_pd(t.invc.data() + 8 * q);
    c.log_c[q] = _mm512_load_pd(t.log_c.data() + 8 * q);
    c.log_c_lo[q] = _mm512_load_pd(t.log_c_lo.data() + 8 * q);
  }
  return c;
}
// Entry i of a column: two-table permutes over 16 entries each, bit 4 of i (`upper`) picks the half (two
// gathers per eight elements had been half of fast_exp's time).
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512d lookup8(const __m512d (&column)[4], __m512i i, __mmask8 upper) {
  return _mm512_mask_blend_pd(upper, _mm512_permutex2var_pd(column[0], i, column[1]),
                              _mm512_permutex2var_pd(column[2], i, column[3]));
}

[[gnu::target("avx512f"), gnu::always_inline]] inline __m512d poly8(__m512d r) {
  auto c = [](int j) { return kC[j]; };
  const __m512d r2 = _mm512_mul_pd(r, r), r4 = _mm512_mul_pd(r2, r2), r8 = _mm512_mul_pd(r4, r4);
  const __m512d s0 = _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(c(0)), _mm512_mul_pd(_mm512_set1_pd(c(1)), r)),
                                   _mm512_mul_pd(_mm512_add_pd(_mm512_set1_pd(c(2)), _mm512_mul_pd(_mm512_set1_pd(c(3)), r)), r2));
  const __m512d s1 = _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(c(4)), _mm512_mul_pd(_mm512_set1_pd(c(5)), r)),
                                   _mm512_mul_pd(_mm512_add_pd(_mm512_set1_pd(c(6)), _mm512_mul_pd(_mm512_set1_pd(c(7)), r)), r2));
  const __m512d s2 = _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(c(8)), _mm512_mul_pd(_mm512_set1_pd(c(9)), r)),
                                   _mm512_mul_pd(_mm512_set1_pd(c(10)), r2));
  return _mm512_add_pd(_mm512_add_pd(s0, _mm512_mul_pd(s1, r4)), _mm512_mul_pd(s2, r8));
}

// in_range on 8 lanes (every lane assumed inside; the caller redoes the others).
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512d in_range8(__m512d x, __m512d extra, const columns8& t) {
  const __m512i bits = _mm512_castpd_si512(x);
  const __m512i tb = _mm512_sub_epi64(bits, _mm512_set1_epi64(static_cast<long long>(kOffset)));
  // k as a double without AVX512DQ's conversion: |k| < 2^11, so k + 1.5 2^52 is exact in the low bits
  const __m512d shift = _mm512_set1_pd(0x1.8p52);
  const __m512d kd = _mm512_sub_pd(
      _mm512_castsi512_pd(_mm512_add_epi64(_mm512_castpd_si512(shift), _mm512_srai_epi64(tb, 52))), shift);
  const __m512i i = _mm512_and_si512(_mm512_srli_epi64(tb, kIndexShift), _mm512_set1_epi64(kTableSize - 1));
  const __m512i m_bits =
      _mm512_sub_epi64(bits, _mm512_and_si512(tb, _mm512_set1_epi64(static_cast<long long>(0xfff0000000000000))));
  const __m512d m = _mm512_castsi512_pd(m_bits);
  const __m512d m_hi =
      _mm512_castsi512_pd(_mm512_and_si512(m_bits, _mm512_set1_epi64(static_cast<long long>(kSplitMask))));
  const __m512d m_lo = _mm512_sub_pd(m, m_hi);
  const __mmask8 upper = _mm512_test_epi64_mask(i, _mm512_set1_epi64(16));
  const __m512d invc = lookup8(t.invc, i, upper);
  const __m512d a = _mm512_sub_pd(_mm512_mul_pd(m_hi, invc), _mm512_set1_pd(1.0));
  const __m512d b = _mm512_mul_pd(m_lo, invc);
  const __m512d r = _mm512_add_pd(a, b);
  const __m512d bv = _mm512_sub_pd(r, a);
  const __m512d r_lo = _mm512_add_pd(_mm512_sub_pd(a, _mm512_sub_pd(r, bv)), _mm512_sub_pd(b, bv));
  const __m512d big = _mm512_mul_pd(kd, _mm512_set1_pd(kLn2Hi)), small = lookup8(t.log_c, i, upper);
  const __m512d w = _mm512_add_pd(big, small);
  const __m512d wv = _mm512_sub_pd(w, big);
  const __m512d w_lo = _mm512_add_pd(_mm512_sub_pd(big, _mm512_sub_pd(w, wv)), _mm512_sub_pd(small, wv));
  const __m512d hi = _mm512_add_pd(w, r);
  const __m512d hv = _mm512_sub_pd(hi, w);
  const __m512d hi_lo = _mm512_add_pd(_mm512_sub_pd(w, _mm512_sub_pd(hi, hv)), _mm512_sub_pd(r, hv));
  const __m512d p = poly8(r);
  const __m512d tail_k = _mm512_add_pd(lookup8(t.log_c_lo, i, upper), _mm512_mul_pd(kd, _mm512_set1_pd(kLn2Lo)));
  const __m512d lo = _mm512_add_pd(
      _mm512_add_pd(_mm512_add_pd(w_lo, hi_lo), _mm512_add_pd(_mm512_add_pd(r_lo, extra), tail_k)),
      _mm512_mul_pd(_mm512_mul_pd(r, r), p));
  return _mm512_add_pd(hi, lo);
}

// The lanes of x where `inside` fails, again one at a time through `scalar` (from the lanes as loaded:
// out may be in, already overwritten).
template <class Scalar>
inline void redo_lanes(const double (&x)[8], __mmask8 outside, double* out, Scalar scalar) {
  for (int j = 0; j < 8; ++j)
    if ((outside >> j) & 1) out[j] = scalar(x[j]);
}

[[gnu::target("avx512f")]] inline void run_log_avx512(const double* in, double* out, std::int64_t n, const table& t) {
  const columns8 c = load_columns(t);
  std::int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m512d x = _mm512_loadu_pd(in + k);
    const __m512i below = _mm512_sub_epi64(_mm512_castpd_si512(x), _mm512_set1_epi64(0x0010000000000000));
    const __mmask8 outside = _mm512_cmpge_epu64_mask(below, _mm512_set1_epi64(0x7fe0000000000000));
    _mm512_storeu_pd(out + k, in_range8(x, _mm512_setzero_pd(), c));
    if (outside != 0) [[unlikely]] {
      double lanes[8];
      _mm512_storeu_pd(lanes, x);
      redo_lanes(lanes, outside, out + k, [&](double v) { return scalar_log(v, t); });
    }
  }
  for (; k < n; ++k) out[k] = scalar_log(in[k], t);
}

[[gnu::target("avx512f")]] inline void run_log1p_avx512(const double* in, double* out, std::int64_t n, const table& t) {
  const columns8 c = load_columns(t);
  const __m512d one = _mm512_set1_pd(1.0);
  std::int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m512d x = _mm512_loadu_pd(in + k);
    const __mmask8 inside = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-1.0), _CMP_GT_OQ) &
                            _mm512_cmp_pd_mask(x, _mm512_set1_pd(0x1p1023), _CMP_LT_OQ) &
                            _mm512_cmp_pd_mask(_mm512_abs_pd(x), _mm512_set1_pd(0x1p-54), _CMP_GE_OQ);
    const __m512d u = _mm512_add_pd(one, x);
    const __m512d bv = _mm512_sub_pd(u, one);
    const __m512d err = _mm512_add_pd(_mm512_sub_pd(one, _mm512_sub_pd(u, bv)), _mm512_sub_pd(x, bv));
    _mm512_storeu_pd(out + k, in_range8(u, _mm512_div_pd(err, u), c));
    if (inside != 0xff) [[unlikely]] {
      double lanes[8];
      _mm512_storeu_pd(lanes, x);
      redo_lanes(lanes, static_cast<__mmask8>(~inside), out + k, [&](double v) { return scalar_log1p(v, t); });
    }
  }
  for (; k < n; ++k) out[k] = scalar_log1p(in[k], t);
}
#endif

}  // namespace detail

// Whether the runs take the table method: with AVX-512 only. Without it the scalar form is about twice
// glibc's time (its exact reduction takes more operations than glibc's FMA-based one), so there every
// path, runs and single values, is glibc's own, and the paths still agree bit for bit.
inline bool vectorised() {
#ifdef OPSYNTH_RT_FAST_LOG_X86
  return rt::cpu::has_avx512f();
#else
  return false;
#endif
}

// out[k] = log(in[k]) for k < n. out may be in itself (each element is read before it is written).
inline void run_log(const double* in, double* out, std::int64_t n) {
#ifdef OPSYNTH_RT_FAST_LOG_X86
  if (vectorised()) return detail::run_log_avx512(in, out, n, detail::the_table());
#endif
  for (std::int64_t k = 0; k < n; ++k) out[k] = std::log(in[k]);
}

// out[k] = log1p(in[k]) for k < n, as run_log.
inline void run_log1p(const double* in, double* out, std::int64_t n) {
#ifdef OPSYNTH_RT_FAST_LOG_X86
  if (vectorised()) return detail::run_log1p_avx512(in, out, n, detail::the_table());
#endif
  for (std::int64_t k = 0; k < n; ++k) out[k] = std::log1p(in[k]);
}

// One value, as the runs compute it.
inline double log(double x) { return vectorised() ? detail::scalar_log(x, detail::the_table()) : std::log(x); }
inline double log1p(double x) { return vectorised() ? detail::scalar_log1p(x, detail::the_table()) : std::log1p(x); }

}  // namespace rt::fast_log

#pragma GCC pop_options
