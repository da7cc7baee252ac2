// op: numpy.linalg.cholesky
// sig: ndarray[float64,2] -> ndarray[float64,2]
// tolerance: exact
// note: numpy's cholesky is LAPACK dpotrf('L') on the lower triangle, the upper part of the result zeroed: reference LAPACK 3.11's dpotrf (blocks of 64) and recursive dpotrf2 with the reference BLAS loops they call (dsyrk, dgemm, dtrsm) in the same order, so results are exact against Debian's liblapack; a pivot that is not positive (or NaN) raises LinAlgError('Matrix is not positive definite'), a non-square matrix numpy's LinAlgError
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace oplib::numpy::linalg {
namespace detail_numpy_linalg_cholesky {
// Column-major storage as LAPACK sees it: element (i, j) of a block at a[i + j * ld].

// dtrsm('R', 'L', 'T', 'N'): B (m x n) := B * inv(L^T) for the lower triangular n x n L.
inline void trsm(std::int64_t m, std::int64_t n, const double* l, std::int64_t ld, double* b) {
  for (std::int64_t k = 0; k < n; ++k) {
    const double temp = 1.0 / l[k + k * ld];
    for (std::int64_t i = 0; i < m; ++i) b[i + k * ld] = temp * b[i + k * ld];
    for (std::int64_t j = k + 1; j < n; ++j) {
      if (l[j + k * ld] != 0.0) {
        const double t = l[j + k * ld];
        for (std::int64_t i = 0; i < m; ++i) b[i + j * ld] = b[i + j * ld] - t * b[i + k * ld];
      }
    }
  }
}

// dsyrk('L', 'N', alpha = -1, beta = 1): the lower triangle of C (n x n) minus A A^T, A n x k.
inline void syrk(std::int64_t n, std::int64_t k, const double* a, std::int64_t ld, double* c) {
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t l = 0; l < k; ++l) {
      if (a[j + l * ld] != 0.0) {
        const double temp = -1.0 * a[j + l * ld];
        for (std::int64_t i = j; i < n; ++i) c[i + j * ld] = c[i + j * ld] + temp * a[i + l * ld];
      }
    }
}

// dgemm('N', 'T', alpha = -1, beta = 1): C (m x n) minus A B^T, A m x k, B n x k.
inline void gemm(std::int64_t m, std::int64_t n, std::int64_t k, const double* a, const double* b, std::int64_t ld, double* c) {
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t l = 0; l < k; ++l) {
      const double temp = -1.0 * b[j + l * ld];
      for (std::int64_t i = 0; i < m; ++i) c[i + j * ld] = c[i + j * ld] + temp * a[i + l * ld];
    }
}

// dpotrf2, lower: 0 or the 1-based column whose pivot was not positive.
inline std::int64_t potrf2(std::int64_t n, double* a, std::int64_t ld) {
  if (n == 0) return 0;
  if (n == 1) {
    if (a[0] <= 0.0 || std::isnan(a[0])) return 1;
    a[0] = std::sqrt(a[0]);
    return 0;
  }
  const std::int64_t n1 = n / 2, n2 = n - n1;
  if (const std::int64_t info = potrf2(n1, a, ld)) return info;
  trsm(n2, n1, a, ld, a + n1);
  syrk(n2, n1, a + n1, ld, a + n1 + n1 * ld);
  if (const std::int64_t info = potrf2(n2, a + n1 + n1 * ld, ld)) return info + n1;
  return 0;
}

// dpotrf, lower, with ILAENV's block size 64 (unblocked dpotrf2 up to it).
inline std::int64_t potrf(std::int64_t n, double* a) {
  constexpr std::int64_t nb = 64;
  if (nb >= n) return potrf2(n, a, n);
  for (std::int64_t j = 0; j < n; j += nb) {
    const std::int64_t jb = std::min(nb, n - j);
    syrk(jb, j, a + j, n, a + j + j * n);
    if (const std::int64_t info = potrf2(jb, a + j + j * n, n)) return info + j;
    if (j + jb < n) {
      gemm(n - j - jb, jb, j, a + j + jb, a + j, n, a + j + jb + j * n);
      trsm(n - j - jb, jb, a + j + j * n, n, a + j + jb + j * n);
    }
  }
  return 0;
}
}  // namespace detail_numpy_linalg_cholesky

inline rt::ndarray<double, 2> cholesky(const rt::ndarray<double, 2>& a) {
  const std::int64_t n = a.shape(0);
  if (a.shape(1) != n) throw rt::LinAlgError("Last 2 dimensions of the array must be square");
  std::vector<double> f(static_cast<std::size_t>(n * n));  // column-major: f[i + j * n] = a[i, j]
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t i = 0; i < n; ++i) f[static_cast<std::size_t>(i + j * n)] = a(i, j);
  if (detail_numpy_linalg_cholesky::potrf(n, f.data()) != 0) throw rt::LinAlgError("Matrix is not positive definite");
  auto out = rt::ndarray<double, 2>::zeros({n, n});
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j <= i; ++j) out(i, j) = f[static_cast<std::size_t>(i + j * n)];
  return out;
}

}  // namespace oplib::numpy::linalg
