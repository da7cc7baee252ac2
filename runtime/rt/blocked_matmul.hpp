// Float64 matrix products for every matmul/dot overload: cache-blocked and register-tiled, yet each
// output element is summed exactly as reference BLAS (and numpy's no-BLAS loop) sums it: starting
// from +0.0, adding the products a[i,l] * b[l,j] one by one in increasing l, each product and each sum
// rounded on its own (no FMA: the flags keep -ffp-contract=off). Blocking only changes which elements
// are worked on together, never the order of one element's additions: a partial sum is stored to the
// output and the next block of l continues from it. So results are bit for bit those of the naive loop
// on any machine, NaN * 0 is NaN (no zero is ever skipped), and an empty inner dimension gives +0.0.
//
// Operands are (pointer, shape, element strides) of any sign, zero included: the product packs the
// blocks it works on into contiguous buffers, so any layout runs at the speed of a C-ordered one; the
// matrix-vector product picks its loop order from the strides (a row-by-row dot product when rows are
// contiguous, column sweeps when columns are) and copies other layouts into a C-ordered buffer first.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cpu.hpp"
#include "ndarray.hpp"

#if defined(OPSYNTH_RT_CPU_X86)
#include <immintrin.h>
#endif

namespace rt::matmul_kernel {

// A strided 2-D operand: element (i, j) at p[i * s0 + j * s1].
struct view2 {
  const double* p;
  std::int64_t s0, s1;
  double at(std::int64_t i, std::int64_t j) const { return p[i * s0 + j * s1]; }
  view2 t() const { return view2{p, s1, s0}; }  // the transpose, without copying
};

namespace detail {

inline constexpr std::int64_t KC = 256;   // inner-index block: an A panel (MR x KC) and a B panel stay in L1/L2
inline constexpr std::int64_t MC = 128;   // rows of A per packed block (MC x KC doubles in L2)
inline constexpr std::int64_t NC = 1024;  // columns of B per packed block (KC x NC doubles in L3)

// out (m x kc, MR rows per panel, l-major inside a panel; rows past m are zero) from A's block.
template <std::int64_t MR>
inline void pack_a(const view2& a, std::int64_t i0, std::int64_t m, std::int64_t l0, std::int64_t kc, double* out) {
  for (std::int64_t ip = 0; ip < m; ip += MR) {
    const std::int64_t rows = std::min(MR, m - ip);
    for (std::int64_t l = 0; l < kc; ++l) {
      for (std::int64_t r = 0; r < rows; ++r) out[l * MR + r] = a.at(i0 + ip + r, l0 + l);
      for (std::int64_t r = rows; r < MR; ++r) out[l * MR + r] = 0.0;
    }
    out += kc * MR;
  }
}

// out (kc x n, NR columns per panel, l-major inside a panel; columns past n are zero) from B's block.
template <std::int64_t NR>
inline void pack_b(const view2& b, std::int64_t l0, std::int64_t kc, std::int64_t j0, std::int64_t n, double* out) {
  for (std::int64_t jp = 0; jp < n; jp += NR) {
    const std::int64_t cols = std::min(NR, n - jp);
    for (std::int64_t l = 0; l < kc; ++l) {
      const double* src = b.p + (l0 + l) * b.s0 + (j0 + jp) * b.s1;
      if (b.s1 == 1) {
        for (std::int64_t c = 0; c < cols; ++c) out[l * NR + c] = src[c];
      } else {
        for (std::int64_t c = 0; c < cols; ++c) out[l * NR + c] = src[c * b.s1];
      }
      for (std::int64_t c = cols; c < NR; ++c) out[l * NR + c] = 0.0;
    }
    out += kc * NR;
  }
}

#if defined(__GNUC__) || defined(__clang__)
typedef double v2d __attribute__((vector_size(16)));
inline v2d load2(const double* p) {
  v2d v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store2(double* p, v2d v) { std::memcpy(p, &v, sizeof v); }
#endif

// Register tiles. Each `run` adds the kc products of an A panel and a B panel to the MR x NR tile at c
// (row stride ldc), each element's additions in l order.

// Two doubles a vector (SSE2, every x86-64): a 4 x 4 tile.
struct kernel_4x4 {
  static constexpr std::int64_t MR = 4, NR = 4;
#if defined(__GNUC__) || defined(__clang__)
  static void run(std::int64_t kc, const double* ap, const double* bp, double* c, std::int64_t ldc) {
    v2d c00 = load2(c), c01 = load2(c + 2);
    v2d c10 = load2(c + ldc), c11 = load2(c + ldc + 2);
    v2d c20 = load2(c + 2 * ldc), c21 = load2(c + 2 * ldc + 2);
    v2d c30 = load2(c + 3 * ldc), c31 = load2(c + 3 * ldc + 2);
    for (std::int64_t l = 0; l < kc; ++l) {
      const v2d b0 = load2(bp), b1 = load2(bp + 2);
      const v2d a0 = {ap[0], ap[0]}, a1 = {ap[1], ap[1]}, a2 = {ap[2], ap[2]}, a3 = {ap[3], ap[3]};
      c00 = c00 + a0 * b0;
      c01 = c01 + a0 * b1;
      c10 = c10 + a1 * b0;
      c11 = c11 + a1 * b1;
      c20 = c20 + a2 * b0;
      c21 = c21 + a2 * b1;
      c30 = c30 + a3 * b0;
      c31 = c31 + a3 * b1;
      ap += MR;
      bp += NR;
    }
    store2(c, c00), store2(c + 2, c01);
    store2(c + ldc, c10), store2(c + ldc + 2, c11);
    store2(c + 2 * ldc, c20), store2(c + 2 * ldc + 2, c21);
    store2(c + 3 * ldc, c30), store2(c + 3 * ldc + 2, c31);
  }
#else
  static void run(std::int64_t kc, const double* ap, const double* bp, double* c, std::int64_t ldc) {
    for (std::int64_t l = 0; l < kc; ++l, ap += MR, bp += NR)
      for (std::int64_t r = 0; r < MR; ++r)
        for (std::int64_t q = 0; q < NR; ++q) c[r * ldc + q] = c[r * ldc + q] + ap[r] * bp[q];
  }
#endif
};

#if defined(OPSYNTH_RT_CPU_X86)
// Eight doubles a vector (AVX-512, picked at run time): an 8 x 16 tile in sixteen registers. The product
// and the sum stay two instructions (no FMA: the flags keep -ffp-contract=off), so every element is the
// same number as in the 4 x 4 tile.
struct kernel_8x16 {
  static constexpr std::int64_t MR = 8, NR = 16;
  [[gnu::target("avx512f")]] static void run(std::int64_t kc, const double* ap, const double* bp, double* c, std::int64_t ldc) {
    __m512d lo[MR], hi[MR];
    for (int r = 0; r < MR; ++r) {
      lo[r] = _mm512_loadu_pd(c + r * ldc);
      hi[r] = _mm512_loadu_pd(c + r * ldc + 8);
    }
    for (std::int64_t l = 0; l < kc; ++l) {
      const __m512d b0 = _mm512_loadu_pd(bp), b1 = _mm512_loadu_pd(bp + 8);
      for (int r = 0; r < MR; ++r) {
        const __m512d a = _mm512_set1_pd(ap[r]);
        lo[r] = _mm512_add_pd(lo[r], _mm512_mul_pd(a, b0));
        hi[r] = _mm512_add_pd(hi[r], _mm512_mul_pd(a, b1));
      }
      ap += MR;
      bp += NR;
    }
    for (int r = 0; r < MR; ++r) {
      _mm512_storeu_pd(c + r * ldc, lo[r]);
      _mm512_storeu_pd(c + r * ldc + 8, hi[r]);
    }
  }
};
#endif

// y[0..m) += t * x[0..m), element by element (y and x contiguous, not overlapping).
inline void axpy(std::int64_t m, double t, const double* x, double* y) {
  for (std::int64_t i = 0; i < m; ++i) y[i] = y[i] + t * x[i];
}

// y[i] = (((y[i] + t0 x0[i]) + t1 x1[i]) + t2 x2[i]) + t3 x3[i]: four column sweeps in one pass over y,
// each element's additions still in column order.
inline void axpy4(std::int64_t m, const double* t, const double* x0, const double* x1, const double* x2,
                  const double* x3, double* y) {
  const double t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3];
  for (std::int64_t i = 0; i < m; ++i) {
    double acc = y[i] + t0 * x0[i];
    acc = acc + t1 * x1[i];
    acc = acc + t2 * x2[i];
    y[i] = acc + t3 * x3[i];
  }
}

// c += a @ b by blocks: packed panels of A and B, each full tile of c updated in place by the kernel,
// a tile at the edges through a zero-padded copy. `upper`: only tiles holding an element on or above the
// diagonal are computed (the caller mirrors the rest).
template <class K>
void blocked(std::int64_t m, std::int64_t k, std::int64_t n, const view2& a, const view2& b, double* c, std::int64_t ldc,
             bool upper = false) {
  constexpr std::int64_t MR = K::MR, NR = K::NR;
  // packed rows and columns rounded up to whole panels
  const std::int64_t mc_max = (std::min(MC, m) + MR - 1) / MR * MR;
  const std::int64_t nc_max = (std::min(NC, n) + NR - 1) / NR * NR;
  const std::int64_t kc_max = std::min(KC, k);
  std::vector<double> apack(static_cast<std::size_t>(mc_max * kc_max));
  std::vector<double> bpack(static_cast<std::size_t>(nc_max * kc_max));
  double tile[MR * NR];
  for (std::int64_t jc = 0; jc < n; jc += NC) {
    const std::int64_t nc = std::min(NC, n - jc);
    for (std::int64_t pc = 0; pc < k; pc += KC) {  // l blocks in increasing order: each element continues its sum
      const std::int64_t kc = std::min(KC, k - pc);
      pack_b<NR>(b, pc, kc, jc, nc, bpack.data());
      for (std::int64_t ic = 0; ic < m; ic += MC) {
        if (upper && ic >= jc + nc) break;  // this row block and every later one lie below the diagonal
        const std::int64_t mc = std::min(MC, m - ic);
        pack_a<MR>(a, ic, mc, pc, kc, apack.data());
        for (std::int64_t jr = 0; jr < nc; jr += NR) {
          const std::int64_t cols = std::min(NR, nc - jr);
          const double* bp = bpack.data() + jr * kc;
          for (std::int64_t ir = 0; ir < mc; ir += MR) {
            const std::int64_t rows = std::min(MR, mc - ir);
            if (upper && ic + ir >= jc + jr + cols) continue;  // wholly below the diagonal
            double* ct = c + (ic + ir) * ldc + jc + jr;
            if (rows == MR && cols == NR) {
              K::run(kc, apack.data() + ir * kc, bp, ct, ldc);
              continue;
            }
            for (std::int64_t r = 0; r < MR; ++r)
              for (std::int64_t q = 0; q < NR; ++q) tile[r * NR + q] = (r < rows && q < cols) ? ct[r * ldc + q] : 0.0;
            K::run(kc, apack.data() + ir * kc, bp, tile, NR);
            for (std::int64_t r = 0; r < rows; ++r)
              for (std::int64_t q = 0; q < cols; ++q) ct[r * ldc + q] = tile[r * NR + q];
          }
        }
      }
    }
  }
}

// Whether b is a's own transpose (`x @ x.T`) holding no NaN: then c[j, i] sums the products of c[i, j]
// in the same order, each with its two factors swapped, which multiplication does not see, so c is
// symmetric bit for bit and half of it need not be computed (a Gram matrix, a distance matrix). Two NaN
// factors give the first one's sign and payload, so with NaN in a both halves are computed. The check
// reads a once (m x k) against the m x m x k product.
inline bool own_transpose(std::int64_t m, std::int64_t k, std::int64_t n, const view2& a, const view2& b) {
  if (m != n || m < 2 || a.p != b.p || b.s0 != a.s1 || b.s1 != a.s0) return false;
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t l = 0; l < k; ++l)
      if (a.at(i, l) != a.at(i, l)) return false;
  return true;
}

// c[i, j] = c[j, i] below the diagonal, in square tiles so that both sides stay in cache.
inline void mirror_upper(std::int64_t m, double* c, std::int64_t ldc) {
  constexpr std::int64_t T = 32;
  for (std::int64_t i0 = 0; i0 < m; i0 += T)
    for (std::int64_t j0 = 0; j0 <= i0; j0 += T)
      for (std::int64_t i = i0; i < std::min(m, i0 + T); ++i)
        for (std::int64_t j = j0; j < std::min(i, j0 + T); ++j) c[i * ldc + j] = c[j * ldc + i];
}

}  // namespace detail

// sum over l of a[l * as] * b[l * bs], from +0.0 in increasing l.
inline double dot(std::int64_t n, const double* a, std::int64_t as, const double* b, std::int64_t bs) {
  double acc = 0.0;
  if (as == 1 && bs == 1) {
    for (std::int64_t l = 0; l < n; ++l) acc = acc + a[l] * b[l];
  } else {
    for (std::int64_t l = 0; l < n; ++l) acc = acc + a[l * as] * b[l * bs];
  }
  return acc;
}

// y[i] = sum over l of a[i, l] * x[l * xs] (a is m x k), y contiguous with m elements.
inline void gemv(std::int64_t m, std::int64_t k, view2 a, const double* x, std::int64_t xs, double* y) {
  std::fill(y, y + m, 0.0);
  if (m == 0 || k == 0) return;
  std::vector<double> xbuf;
  if (xs != 1) {
    xbuf.resize(static_cast<std::size_t>(k));
    for (std::int64_t l = 0; l < k; ++l) xbuf[static_cast<std::size_t>(l)] = x[l * xs];
    x = xbuf.data();
  }
  if (m == 1) {
    y[0] = dot(k, a.p, a.s1, x, 1);
    return;
  }
  if (a.s0 == 1) {
    // columns contiguous (a transposed C array): sweep y with one column after another
    std::int64_t l = 0;
    for (; l + 4 <= k; l += 4) {
      const double* c = a.p + l * a.s1;
      detail::axpy4(m, x + l, c, c + a.s1, c + 2 * a.s1, c + 3 * a.s1, y);
    }
    for (; l < k; ++l) detail::axpy(m, x[l], a.p + l * a.s1, y);
    return;
  }
  std::vector<double> abuf;
  if (a.s1 != 1) {  // neither rows nor columns contiguous: a C-ordered copy first
    abuf.resize(static_cast<std::size_t>(m * k));
    for (std::int64_t i = 0; i < m; ++i)
      for (std::int64_t l = 0; l < k; ++l) abuf[static_cast<std::size_t>(i * k + l)] = a.at(i, l);
    a = view2{abuf.data(), k, 1};
  }
  // rows contiguous: eight rows' dot products side by side, each a chain of its own
  std::int64_t i = 0;
  for (; i + 8 <= m; i += 8) {
    const double* r = a.p + i * a.s0;
    const std::int64_t s = a.s0;
    double y0 = 0.0, y1 = 0.0, y2 = 0.0, y3 = 0.0, y4 = 0.0, y5 = 0.0, y6 = 0.0, y7 = 0.0;
    for (std::int64_t l = 0; l < k; ++l) {
      const double xl = x[l];
      y0 = y0 + r[l] * xl;
      y1 = y1 + r[s + l] * xl;
      y2 = y2 + r[2 * s + l] * xl;
      y3 = y3 + r[3 * s + l] * xl;
      y4 = y4 + r[4 * s + l] * xl;
      y5 = y5 + r[5 * s + l] * xl;
      y6 = y6 + r[6 * s + l] * xl;
      y7 = y7 + r[7 * s + l] * xl;
    }
    y[i] = y0, y[i + 1] = y1, y[i + 2] = y2, y[i + 3] = y3;
    y[i + 4] = y4, y[i + 5] = y5, y[i + 6] = y6, y[i + 7] = y7;
  }
  for (; i < m; ++i) y[i] = dot(k, a.p + i * a.s0, 1, x, 1);
}

// c[i, j] (row stride ldc, unit column stride) = sum over l of a[i, l] * b[l, j]; a is m x k, b is k x n.
inline void gemm(std::int64_t m, std::int64_t k, std::int64_t n, const view2& a, const view2& b, double* c,
                 std::int64_t ldc) {
  using namespace detail;
  for (std::int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0);
  if (m == 0 || n == 0 || k == 0) return;
  if (n == 1) {  // a matrix-vector product: the same sums, with the loop order its layout wants
    std::vector<double> y(static_cast<std::size_t>(m));
    gemv(m, k, a, b.p, b.s0, y.data());
    for (std::int64_t i = 0; i < m; ++i) c[i * ldc] = y[static_cast<std::size_t>(i)];
    return;
  }
  if (m == 1) {
    gemv(n, k, b.t(), a.p, a.s1, c);
    return;
  }
  const bool upper = detail::own_transpose(m, k, n, a, b);
#if defined(OPSYNTH_RT_CPU_X86)
  if (m >= detail::kernel_8x16::MR && n >= detail::kernel_8x16::NR && cpu::has_avx512f())
    detail::blocked<detail::kernel_8x16>(m, k, n, a, b, c, ldc, upper);
  else
#endif
    detail::blocked<detail::kernel_4x4>(m, k, n, a, b, c, ldc, upper);
  if (upper) detail::mirror_upper(m, c, ldc);
}

inline view2 view_of(const ndarray<double, 2>& a) { return view2{a.data(), a.strides()[0], a.strides()[1]}; }

// The products on arrays whose inner dimensions the caller has checked to agree; fresh C-ordered results.
inline ndarray<double, 2> matrix_matrix(const ndarray<double, 2>& a, const ndarray<double, 2>& b) {
  auto out = ndarray<double, 2>::empty({a.shape(0), b.shape(1)});
  gemm(a.shape(0), a.shape(1), b.shape(1), view_of(a), view_of(b), out.data(), out.strides()[0]);
  return out;
}

// numpy 1.24 hands a product of one buffer with its own transpose to BLAS dsyrk when the left operand is
// stored column by column: `x.T @ x` of a C-ordered x, `x @ x.T` of a Fortran-ordered one (matmul: the
// left operand's column stride at least its row count; np.dot copies a padded operand first, so there the
// left operand must be exactly Fortran-contiguous). Other layouts, and rows or inner length 1, go to
// dgemm (or dgemv/ddot). Measured case by case against numpy with zeros, NaN and inf in every layout.
inline bool takes_syrk(const ndarray<double, 2>& a, const ndarray<double, 2>& b, bool padded_left_ok) {
  const std::int64_t m = a.shape(0), k = a.shape(1);
  if (m < 2 || k < 2 || a.data() != b.data() || b.shape(0) != k || b.shape(1) != m) return false;
  if (a.strides()[0] != 1 || b.strides()[1] != 1 || b.strides()[0] != a.strides()[1]) return false;
  return padded_left_ok ? a.strides()[1] >= m : a.strides()[1] == m;
}

// What reference dsyrk (upper triangle, as numpy asks for it) and numpy's copy of that triangle give for
// a @ a.T: out[r, c] for r <= c sums a[r, l] * a[c, l] from +0.0 in increasing l but skips each l where
// a[r, l] is zero (so 0 * inf adds nothing, where dgemm gives NaN), and out[c, r] is the same number.
inline ndarray<double, 2> syrk_product(const ndarray<double, 2>& a) {
  const std::int64_t m = a.shape(0), k = a.shape(1), ld = a.strides()[1];
  const double* p = a.data();  // a[r, l] at p[r + l * ld]
  auto out = ndarray<double, 2>::empty({m, m});
  double* o = out.data();
  std::vector<double> acc(static_cast<std::size_t>(m));
  using detail::load2, detail::store2, detail::v2d;
  typedef long long mask __attribute__((vector_size(16)));
  const v2d zero{0.0, 0.0}, skip{-0.0, -0.0};  // x + -0.0 is x bit for bit, -0.0 and NaN included
  for (std::int64_t c = 0; c < m; ++c) {
    std::fill(acc.begin(), acc.begin() + c + 1, 0.0);
    double* y = acc.data();
    for (std::int64_t l = 0; l < k; ++l) {
      const double* column = p + l * ld;
      const double t = column[c];
      const v2d tt{t, t};
      std::int64_t r = 0;
      for (; r + 1 <= c; r += 2) {  // two rows at a time: a skipped product adds -0.0, which changes nothing
        const v2d x = load2(column + r);
        const mask keep = x != zero;
        store2(y + r, load2(y + r) + (keep ? x * tt : skip));
      }
      for (; r <= c; ++r)
        if (column[r] != 0.0) y[r] += column[r] * t;
    }
    for (std::int64_t r = 0; r <= c; ++r) o[r * m + c] = o[c * m + r] = acc[static_cast<std::size_t>(r)];
  }
  return out;
}

// matrix_matrix as numpy's matmul (`@`, np.matmul) computes it, and as np.dot does.
inline ndarray<double, 2> matmul_numpy(const ndarray<double, 2>& a, const ndarray<double, 2>& b) {
  return takes_syrk(a, b, true) ? syrk_product(a) : matrix_matrix(a, b);
}
inline ndarray<double, 2> dot_numpy(const ndarray<double, 2>& a, const ndarray<double, 2>& b) {
  return takes_syrk(a, b, false) ? syrk_product(a) : matrix_matrix(a, b);
}

inline ndarray<double, 1> matrix_vector(const ndarray<double, 2>& a, const ndarray<double, 1>& x) {
  auto out = ndarray<double, 1>::empty({a.shape(0)});
  gemv(a.shape(0), a.shape(1), view_of(a), x.data(), x.strides()[0], out.data());
  return out;
}

inline ndarray<double, 1> vector_matrix(const ndarray<double, 1>& x, const ndarray<double, 2>& b) {
  auto out = ndarray<double, 1>::empty({b.shape(1)});
  gemv(b.shape(1), b.shape(0), view_of(b).t(), x.data(), x.strides()[0], out.data());
  return out;
}

inline double vector_vector(const ndarray<double, 1>& a, const ndarray<double, 1>& b) {
  return dot(a.shape(0), a.data(), a.strides()[0], b.data(), b.strides()[0]);
}

}  // namespace rt::matmul_kernel
