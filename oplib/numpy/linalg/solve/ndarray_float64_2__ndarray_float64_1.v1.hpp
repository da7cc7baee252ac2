// op: numpy.linalg.solve
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,1]
// tolerance: exact
// note: reference LAPACK dgesv (dgetrf2 + dlaswp + two dtrsm, same loop order); an exact zero pivot raises LinAlgError('Singular matrix') like numpy; exact against Debian's reference liblapack
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace oplib::numpy::linalg::detail_numpy_linalg_solve_lu {

// Reference LAPACK 3.11 (Debian's liblapack, which numpy 1.24 calls) in column-major storage: a[i + j * ld].
// dgetrf on matrices below the block size (64) is dgetrf2, the recursive LU with partial pivoting; the
// BLAS it calls (idamax, dscal, dlaswp, dtrsm, dgemm) are the reference loops, in the same order.

inline std::int64_t idamax(std::int64_t n, const double* x) {
  std::int64_t best = 0;
  double dmax = std::fabs(x[0]);
  for (std::int64_t i = 1; i < n; ++i) {
    if (std::fabs(x[i]) > dmax) {
      best = i;
      dmax = std::fabs(x[i]);
    }
  }
  return best;
}

// dlaswp: rows k1..k2-1 (0-based) swapped with ipiv[k] (0-based) on n columns of a.
inline void dlaswp(std::int64_t n, double* a, std::int64_t ld, std::int64_t k1, std::int64_t k2, const std::int64_t* ipiv) {
  for (std::int64_t k = k1; k < k2; ++k) {
    const std::int64_t p = ipiv[k];
    if (p != k) {
      for (std::int64_t j = 0; j < n; ++j) std::swap(a[k + j * ld], a[p + j * ld]);
    }
  }
}

// dtrsm('L', 'L', 'N', 'U'): B := inv(unit lower A) * B, A m x m, B m x n.
inline void trsm_lower_unit(std::int64_t m, std::int64_t n, const double* a, std::int64_t lda, double* b, std::int64_t ldb) {
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t k = 0; k < m; ++k) {
      const double bkj = b[k + j * ldb];
      if (bkj != 0.0) {
        for (std::int64_t i = k + 1; i < m; ++i) b[i + j * ldb] = b[i + j * ldb] - bkj * a[i + k * lda];
      }
    }
}

// dtrsm('L', 'U', 'N', 'N'): B := inv(upper A) * B.
inline void trsm_upper(std::int64_t m, std::int64_t n, const double* a, std::int64_t lda, double* b, std::int64_t ldb) {
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t k = m - 1; k >= 0; --k) {
      if (b[k + j * ldb] != 0.0) {
        b[k + j * ldb] = b[k + j * ldb] / a[k + k * lda];
        const double bkj = b[k + j * ldb];
        for (std::int64_t i = 0; i < k; ++i) b[i + j * ldb] = b[i + j * ldb] - bkj * a[i + k * lda];
      }
    }
}

// dgemm('N', 'N', m, n, k, -1, A, B, 1, C): C := C - A * B.
inline void gemm_minus(std::int64_t m, std::int64_t n, std::int64_t k, const double* a, std::int64_t lda, const double* b,
                       std::int64_t ldb, double* c, std::int64_t ldc) {
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t l = 0; l < k; ++l) {
      const double temp = -1.0 * b[l + j * ldb];
      for (std::int64_t i = 0; i < m; ++i) c[i + j * ldc] = c[i + j * ldc] + temp * a[i + l * lda];
    }
}

// dgetrf2: returns info (0, or 1 + the first zero pivot's index); ipiv 0-based.
inline std::int64_t dgetrf2(std::int64_t m, std::int64_t n, double* a, std::int64_t ld, std::int64_t* ipiv) {
  if (m == 0 || n == 0) return 0;
  if (m == 1) {
    ipiv[0] = 0;
    return a[0] == 0.0 ? 1 : 0;
  }
  if (n == 1) {
    const double sfmin = std::numeric_limits<double>::min();
    const std::int64_t i = idamax(m, a);
    ipiv[0] = i;
    if (a[i] != 0.0) {
      if (i != 0) std::swap(a[0], a[i]);
      if (std::fabs(a[0]) >= sfmin) {
        const double r = 1.0 / a[0];
        for (std::int64_t k = 1; k < m; ++k) a[k] = r * a[k];
      } else {
        for (std::int64_t k = 1; k < m; ++k) a[k] = a[k] / a[0];
      }
      return 0;
    }
    return 1;
  }
  const std::int64_t n1 = std::min(m, n) / 2, n2 = n - n1;
  std::int64_t info = 0;
  const std::int64_t i1 = dgetrf2(m, n1, a, ld, ipiv);
  if (info == 0 && i1 > 0) info = i1;
  dlaswp(n2, a + n1 * ld, ld, 0, n1, ipiv);
  trsm_lower_unit(n1, n2, a, ld, a + n1 * ld, ld);
  gemm_minus(m - n1, n2, n1, a + n1, ld, a + n1 * ld, ld, a + n1 + n1 * ld, ld);
  const std::int64_t i2 = dgetrf2(m - n1, n2, a + n1 + n1 * ld, ld, ipiv + n1);
  if (info == 0 && i2 > 0) info = i2 + n1;
  for (std::int64_t i = n1; i < std::min(m, n); ++i) ipiv[i] += n1;
  dlaswp(n1, a, ld, n1, std::min(m, n), ipiv);
  return info;
}

// The matrix as numpy's umath_linalg linearizes it: a Fortran-ordered copy.
inline std::vector<double> fortran_copy(const rt::ndarray<double, 2>& a) {
  const std::int64_t m = a.shape(0), n = a.shape(1);
  std::vector<double> f(static_cast<std::size_t>(m * n));
  for (std::int64_t j = 0; j < n; ++j)
    for (std::int64_t i = 0; i < m; ++i) f[static_cast<std::size_t>(i + j * m)] = a(i, j);
  return f;
}

inline void require_square(const rt::ndarray<double, 2>& a) {
  if (a.shape(0) != a.shape(1)) throw rt::LinAlgError("Last 2 dimensions of the array must be square");
}

// dgesv: solves A X = B in place of b (n x nrhs, column-major); raises numpy's LinAlgError when singular.
inline void gesv(std::int64_t n, std::int64_t nrhs, double* a, double* b) {
  std::vector<std::int64_t> ipiv(static_cast<std::size_t>(std::max<std::int64_t>(n, 1)));
  if (dgetrf2(n, n, a, n, ipiv.data()) > 0) throw rt::LinAlgError("Singular matrix");
  dlaswp(nrhs, b, n, 0, n, ipiv.data());
  trsm_lower_unit(n, nrhs, a, n, b, n);
  trsm_upper(n, nrhs, a, n, b, n);
}

}  // namespace oplib::numpy::linalg::detail_numpy_linalg_solve_lu

namespace oplib::numpy::linalg {

inline rt::ndarray<double, 1> solve(const rt::ndarray<double, 2>& a, const rt::ndarray<double, 1>& b) {
  detail_numpy_linalg_solve_lu::require_square(a);
  const std::int64_t n = a.shape(0);
  if (b.shape(0) != n) {
    throw rt::ValueError("solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         "(m,m),(m)->(m) (size " + std::to_string(b.shape(0)) + " is different from " +
                         std::to_string(n) + ")");
  }
  std::vector<double> f = detail_numpy_linalg_solve_lu::fortran_copy(a);
  auto x = rt::ndarray<double, 1>::from_vector(b.to_vector(), {n});
  if (n > 0) detail_numpy_linalg_solve_lu::gesv(n, 1, f.data(), x.data());
  return x;
}

inline rt::ndarray<double, 2> solve(const rt::ndarray<double, 2>& a, const rt::ndarray<double, 2>& b) {
  detail_numpy_linalg_solve_lu::require_square(a);
  const std::int64_t n = a.shape(0), k = b.shape(1);
  if (b.shape(0) != n) {
    throw rt::ValueError("solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                         "(m,m),(m,n)->(m,n) (size " + std::to_string(b.shape(0)) + " is different from " +
                         std::to_string(n) + ")");
  }
  std::vector<double> f = detail_numpy_linalg_solve_lu::fortran_copy(a);
  std::vector<double> fb = detail_numpy_linalg_solve_lu::fortran_copy(b);
  if (n > 0 && k > 0) detail_numpy_linalg_solve_lu::gesv(n, k, f.data(), fb.data());
  else if (n > 0) {
    std::vector<std::int64_t> ipiv(static_cast<std::size_t>(n));
    if (detail_numpy_linalg_solve_lu::dgetrf2(n, n, f.data(), n, ipiv.data()) > 0) throw rt::LinAlgError("Singular matrix");
  }
  auto out = rt::ndarray<double, 2>::empty({n, k});
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < k; ++j) out(i, j) = fb[static_cast<std::size_t>(i + j * n)];
  return out;
}

}  // namespace oplib::numpy::linalg
