// rt::vector_sqrt: square roots of a contiguous run of doubles, several per instruction.
//
// std::sqrt must set errno on a negative input, so GCC (without -fno-math-errno, which the toolchain
// cannot pass: math operators read errno) tests every result and calls libm on a negative one, and
// never vectorises the loop: numpy.sqrt ran one sqrtsd at a time, a fifth of pairwise_distances.
// sqrtpd is correctly rounded exactly as sqrtsd is, so every element gets the same bits as std::sqrt
// (a negative input gives the same default NaN); errno is not observable from Python. On a CPU with
// AVX-512 (AVX2), eight (four) square roots an instruction, picked at run time: numpy's own sqrt
// dispatches to those widths, and two at a time ran at half its speed.
#pragma once

#include <cmath>
#include <cstdint>

#include "cpu.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(OPSYNTH_RT_CPU_X86)
#include <immintrin.h>
#endif

namespace rt::vector_sqrt {

#if defined(OPSYNTH_RT_CPU_X86)
[[gnu::target("avx512f")]] inline std::int64_t run_avx512(const double* in, double* out, std::int64_t n) {
  std::int64_t k = 0;
  for (; k + 16 <= n; k += 16) {
    _mm512_storeu_pd(out + k, _mm512_sqrt_pd(_mm512_loadu_pd(in + k)));
    _mm512_storeu_pd(out + k + 8, _mm512_sqrt_pd(_mm512_loadu_pd(in + k + 8)));
  }
  return k;
}
[[gnu::target("avx2")]] inline std::int64_t run_avx2(const double* in, double* out, std::int64_t n) {
  std::int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    _mm256_storeu_pd(out + k, _mm256_sqrt_pd(_mm256_loadu_pd(in + k)));
    _mm256_storeu_pd(out + k + 4, _mm256_sqrt_pd(_mm256_loadu_pd(in + k + 4)));
  }
  return k;
}
#endif

inline void run(const double* in, double* out, std::int64_t n) {
  std::int64_t k = 0;
#if defined(OPSYNTH_RT_CPU_X86)
  if (n >= 16 && cpu::has_avx512f()) {
    k = run_avx512(in, out, n);
  } else if (n >= 8 && cpu::has_avx2()) {
    k = run_avx2(in, out, n);
  }
#endif
#if defined(__SSE2__)
  for (; k + 4 <= n; k += 4) {  // two independent square roots in flight
    _mm_storeu_pd(out + k, _mm_sqrt_pd(_mm_loadu_pd(in + k)));
    _mm_storeu_pd(out + k + 2, _mm_sqrt_pd(_mm_loadu_pd(in + k + 2)));
  }
#endif
  for (; k < n; ++k) out[k] = std::sqrt(in[k]);
}

}  // namespace rt::vector_sqrt
