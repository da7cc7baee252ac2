// rt::vector_sqrt: square roots of a contiguous run of doubles, several per instruction.
//
// std::sqrt must set errno on a negative input, so GCC (without -fno-math-errno, which the toolchain
// cannot pass: math operators read errno) tests every result and calls libm on a negative one, and
// never vectorises the loop: numpy.sqrt ran one sqrtsd at a time, a fifth of pairwise_distances.
// sqrtpd is correctly rounded exactly as sqrtsd is, so every element gets the same bits as std::sqrt
// (a negative input gives the same default NaN); errno is not observable from Python.
#pragma once

#include <cmath>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rt::vector_sqrt {

inline void run(const double* in, double* out, std::int64_t n) {
  std::int64_t k = 0;
#if defined(__SSE2__)
  for (; k + 4 <= n; k += 4) {  // two independent square roots in flight
    _mm_storeu_pd(out + k, _mm_sqrt_pd(_mm_loadu_pd(in + k)));
    _mm_storeu_pd(out + k + 2, _mm_sqrt_pd(_mm_loadu_pd(in + k + 2)));
  }
#endif
  for (; k < n; ++k) out[k] = std::sqrt(in[k]);
}

}  // namespace rt::vector_sqrt
