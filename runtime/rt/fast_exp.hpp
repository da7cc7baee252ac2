// rt::fast_exp: float64 e^x over contiguous runs, 4 or 8 at a time, within 1 ulp of glibc's exp.
//
// glibc's exp is one call per element, while numpy's float64 exp runs a SIMD loop: on arrays, a compiled
// np.exp(x) was several times slower than numpy. This is the classic table method:
//   x = (32 k + i) ln2/32 + r,  |r| <= ln2/64,  e^x = 2^k 2^(i/32) e^r
// with 32 k + i from the round-to-nearest shift trick, r from ln2/32 split so that the product with
// the integer is exact, 2^(i/32) from a table held as a double plus its relative correction (computed
// once in long double), and e^r - 1 as its Taylor series to r^6 (the next term is below 4e-18 relative).
// 32 entries, not 128, so that the AVX-512 loop holds both tables in eight registers and looks entries
// up with permutes: two gathers per eight elements had been half of its time (1.1 ms against numpy's
// 0.76 ms for a million elements on Zen 4).
// tests/runtime/test_fast_exp.cpp measures the distance from glibc over millions of inputs: at most 1
// ulp, inside numpy.exp's verified tolerance of 2.
//
// The scalar form and the AVX2 and AVX-512 loops (intrinsics: GCC's generic tuning will not emit the
// table gathers itself) do the same IEEE operations in the same order, without FMA, so every path gives
// the same bits: where an element lands in an array does not change its value. Inputs outside (-708, 708),
// where 2^k would leave the normal range, and NaN go to std::exp (overflow to inf, subnormal and zero
// results, NaN), so every special value is glibc's.
#pragma once

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "cpu.hpp"

#ifdef OPSYNTH_RT_CPU_X86
#include <immintrin.h>
#define OPSYNTH_RT_FAST_EXP_X86 1
#endif

// Every path must round the same operations the same way: no a * b + c fused into one FMA, whatever the
// including file's flags (C++'s default contracts them wherever FMA is on, as in the AVX-512 loop).
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")

namespace rt::fast_exp {

namespace detail {

inline constexpr int kTableBits = 5;
inline constexpr std::uint64_t kTableSize = std::uint64_t{1} << kTableBits;

// Entry i: the bits of 2^(i/32) rounded to double, less i << 47 (so adding (32 k + i) << 47 puts k
// into the exponent), and the rounding's relative correction.
struct table {
  alignas(64) std::array<std::uint64_t, kTableSize> scale_bits;
  alignas(64) std::array<double, kTableSize> tail;
};

inline const table& the_table() {
  static const table t = [] {
    table out{};
    for (std::uint64_t i = 0; i < kTableSize; ++i) {
      const long double exact = std::exp2l(static_cast<long double>(i) / kTableSize);
      const double hi = static_cast<double>(exact);
      out.tail[i] = static_cast<double>((exact - hi) / hi);
      out.scale_bits[i] = std::bit_cast<std::uint64_t>(hi) - (i << (52 - kTableBits));
    }
    return out;
  }();
  return t;
}

inline constexpr double kInvLn2N = 0x1.71547652b82fep+5;     // 32 / ln 2
inline constexpr double kShift = 0x1.8p52;                   // x + kShift rounds x to an integer in the low bits
inline constexpr double kNegLn2HiN = -0x1.62e42fefc0000p-6;  // -ln2/32 to 35 bits: n * it is exact for |n| < 2^18
inline constexpr double kNegLn2LoN = 0x1.c610ca86c3899p-42;  // the rest of -ln2/32
inline constexpr double kC3 = 1.0 / 6, kC4 = 1.0 / 24, kC5 = 1.0 / 120, kC6 = 1.0 / 720;
inline constexpr double kLimit = 708.0;  // 2^k stays a normal double inside (-kLimit, kLimit)

// e^x for -kLimit < x < kLimit.
inline double in_range(double x, const table& t) {
  double kd = kInvLn2N * x + kShift;
  const std::uint64_t n = std::bit_cast<std::uint64_t>(kd);  // 32 k + i in the low bits, two's complement
  kd -= kShift;
  const double r = (x + kd * kNegLn2HiN) + kd * kNegLn2LoN;
  const std::uint64_t i = n & (kTableSize - 1);
  const double scale = std::bit_cast<double>(t.scale_bits[i] + (n << (52 - kTableBits)));
  const double r2 = r * r;
  const double poly = ((t.tail[i] + r) + r2 * (0.5 + r * kC3)) + (r2 * r2) * ((kC4 + r * kC5) + r2 * kC6);
  return scale + scale * poly;
}

inline bool inside(double x) { return x > -kLimit && x < kLimit; }  // false for NaN

inline double scalar(double x, const table& t) { return inside(x) ? in_range(x, t) : std::exp(x); }

// Elements [from, n) one at a time (each read before it is written).
inline void scalar_run(const double* in, double* out, std::int64_t from, std::int64_t n, const table& t) {
  for (std::int64_t k = from; k < n; ++k) out[k] = scalar(in[k], t);
}

// A vector whose lanes hold an input outside the range, again one lane at a time, from the lanes as
// loaded (out may be in, already overwritten).
template <int Lanes>
inline void redo_lanes(const double (&x)[Lanes], double* out, const table& t) {
  for (int j = 0; j < Lanes; ++j) out[j] = scalar(x[j], t);
}

#ifdef OPSYNTH_RT_FAST_EXP_X86
// in_range on 4 lanes; `bad` collects the lanes outside the range (NaN included).
[[gnu::target("avx2")]] inline __m256d in_range4(__m256d x, const table& t, __m256d& bad) {
  const __m256d limit = _mm256_set1_pd(kLimit);
  bad = _mm256_or_pd(bad, _mm256_cmp_pd(_mm256_andnot_pd(_mm256_set1_pd(-0.0), x), limit, _CMP_NLT_UQ));
  const __m256d shift = _mm256_set1_pd(kShift);
  __m256d kd = _mm256_add_pd(_mm256_mul_pd(_mm256_set1_pd(kInvLn2N), x), shift);
  const __m256i n = _mm256_castpd_si256(kd);
  kd = _mm256_sub_pd(kd, shift);
  const __m256d r = _mm256_add_pd(_mm256_add_pd(x, _mm256_mul_pd(kd, _mm256_set1_pd(kNegLn2HiN))),
                                  _mm256_mul_pd(kd, _mm256_set1_pd(kNegLn2LoN)));
  const __m256i i = _mm256_and_si256(n, _mm256_set1_epi64x(kTableSize - 1));
  const __m256i bits = _mm256_i64gather_epi64(reinterpret_cast<const long long*>(t.scale_bits.data()), i, 8);
  const __m256d scale = _mm256_castsi256_pd(_mm256_add_epi64(bits, _mm256_slli_epi64(n, 52 - kTableBits)));
  const __m256d tail = _mm256_i64gather_pd(t.tail.data(), i, 8);
  const __m256d r2 = _mm256_mul_pd(r, r);
  const __m256d lo = _mm256_add_pd(_mm256_set1_pd(0.5), _mm256_mul_pd(r, _mm256_set1_pd(kC3)));
  const __m256d hi = _mm256_add_pd(_mm256_add_pd(_mm256_set1_pd(kC4), _mm256_mul_pd(r, _mm256_set1_pd(kC5))),
                                   _mm256_mul_pd(r2, _mm256_set1_pd(kC6)));
  const __m256d poly = _mm256_add_pd(_mm256_add_pd(_mm256_add_pd(tail, r), _mm256_mul_pd(r2, lo)),
                                     _mm256_mul_pd(_mm256_mul_pd(r2, r2), hi));
  return _mm256_add_pd(scale, _mm256_mul_pd(scale, poly));
}

[[gnu::target("avx2")]] inline void run_avx2(const double* in, double* out, std::int64_t n, const table& t) {
  std::int64_t k = 0;
  for (; k + 4 <= n; k += 4) {
    __m256d bad = _mm256_setzero_pd();
    const __m256d x = _mm256_loadu_pd(in + k);
    _mm256_storeu_pd(out + k, in_range4(x, t, bad));
    if (!_mm256_testz_pd(bad, bad)) [[unlikely]] {
      double lanes[4];
      _mm256_storeu_pd(lanes, x);
      redo_lanes(lanes, out + k, t);
    }
  }
  scalar_run(in, out, k, n, t);
}

[[gnu::target("avx512f")]] inline void run_avx512(const double* in, double* out, std::int64_t n, const table& t) {
  static_assert(kTableSize == 32, "the permute lookup below covers 32 entries");
  const __m512d limit = _mm512_set1_pd(kLimit);
  const __m512d shift = _mm512_set1_pd(kShift);
  const auto* scales = t.scale_bits.data();
  const __m512i s0 = _mm512_load_si512(scales), s1 = _mm512_load_si512(scales + 8);
  const __m512i s2 = _mm512_load_si512(scales + 16), s3 = _mm512_load_si512(scales + 24);
  const __m512d t0 = _mm512_load_pd(t.tail.data()), t1 = _mm512_load_pd(t.tail.data() + 8);
  const __m512d t2 = _mm512_load_pd(t.tail.data() + 16), t3 = _mm512_load_pd(t.tail.data() + 24);
  std::int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const __m512d x = _mm512_loadu_pd(in + k);
    const __mmask8 bad = _mm512_cmp_pd_mask(_mm512_abs_pd(x), limit, _CMP_NLT_UQ);
    __m512d kd = _mm512_add_pd(_mm512_mul_pd(_mm512_set1_pd(kInvLn2N), x), shift);
    const __m512i nn = _mm512_castpd_si512(kd);
    kd = _mm512_sub_pd(kd, shift);
    const __m512d r = _mm512_add_pd(_mm512_add_pd(x, _mm512_mul_pd(kd, _mm512_set1_pd(kNegLn2HiN))),
                                    _mm512_mul_pd(kd, _mm512_set1_pd(kNegLn2LoN)));
    const __m512i i = _mm512_and_si512(nn, _mm512_set1_epi64(kTableSize - 1));
    // Entry i from registers: a two-table permute covers 16 entries by i's low four bits, bit 4 picks the half.
    const __mmask8 upper = _mm512_test_epi64_mask(i, _mm512_set1_epi64(16));
    const __m512i bits = _mm512_mask_blend_epi64(upper, _mm512_permutex2var_epi64(s0, i, s1),
                                                 _mm512_permutex2var_epi64(s2, i, s3));
    const __m512d scale = _mm512_castsi512_pd(_mm512_add_epi64(bits, _mm512_slli_epi64(nn, 52 - kTableBits)));
    const __m512d tail =
        _mm512_mask_blend_pd(upper, _mm512_permutex2var_pd(t0, i, t1), _mm512_permutex2var_pd(t2, i, t3));
    const __m512d r2 = _mm512_mul_pd(r, r);
    const __m512d lo = _mm512_add_pd(_mm512_set1_pd(0.5), _mm512_mul_pd(r, _mm512_set1_pd(kC3)));
    const __m512d hi = _mm512_add_pd(_mm512_add_pd(_mm512_set1_pd(kC4), _mm512_mul_pd(r, _mm512_set1_pd(kC5))),
                                     _mm512_mul_pd(r2, _mm512_set1_pd(kC6)));
    const __m512d poly = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(tail, r), _mm512_mul_pd(r2, lo)),
                                       _mm512_mul_pd(_mm512_mul_pd(r2, r2), hi));
    _mm512_storeu_pd(out + k, _mm512_add_pd(scale, _mm512_mul_pd(scale, poly)));
    if (bad != 0) [[unlikely]] {
      double lanes[8];
      _mm512_storeu_pd(lanes, x);
      redo_lanes(lanes, out + k, t);
    }
  }
  scalar_run(in, out, k, n, t);
}
#endif

}  // namespace detail

// out[k] = e^in[k] for k < n. out may be in itself (each element is read before it is written).
inline void run(const double* in, double* out, std::int64_t n) {
  const detail::table& t = detail::the_table();
#ifdef OPSYNTH_RT_FAST_EXP_X86
  if (rt::cpu::has_avx512f()) return detail::run_avx512(in, out, n, t);
  if (rt::cpu::has_avx2()) return detail::run_avx2(in, out, n, t);
#endif
  detail::scalar_run(in, out, 0, n, t);
}

// One value, as run() computes it.
inline double one(double x) { return detail::scalar(x, detail::the_table()); }

}  // namespace rt::fast_exp

#pragma GCC pop_options
