// op: numpy.dot
// sig: ndarray[float64,1], ndarray[float64,1] -> float64
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,1], ndarray[float64,2] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> int64
// generic: yes
// tolerance: reduction
// note: numpy's cblas_matrixproduct paths: a one-element result from a one-element operand is a plain product; a longer float64 result from a one-element operand is cblas_daxpy on a zeroed result, which reference BLAS skips when that element is zero (so 0 times inf or NaN gives +0.0 there); otherwise sums accumulate one by one from +0.0 like reference BLAS ddot/daxpy/dgemv/dgemm (passes exact on Debian's netlib BLAS); float64 through rt::matmul_kernel (runtime/rt/blocked_matmul.hpp: cache-blocked, loop order from the strides, the same order of additions); int64 keeps the plain loop and wraps; a product of one buffer with its own transpose whose left operand is exactly Fortran-contiguous (np.dot copies a padded one first) (x.T @ x of a C-ordered x) takes numpy's dsyrk path: a zero multiplier from the left row is skipped (0 * inf adds nothing) and the lower triangle mirrors the upper
#include <cstdint>
#include <string>
#include <type_traits>
namespace oplib::numpy::detail_numpy_dot_generic {

template <class T>
inline T madd(T acc, T x, T y) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(acc) +
                                     static_cast<std::uint64_t>(x) * static_cast<std::uint64_t>(y));
  } else {
    return acc + x * y;
  }
}

template <class T>
inline T mul(T x, T y) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) * static_cast<std::uint64_t>(y));
  } else {
    return x * y;
  }
}

inline std::string shape_str(std::int64_t a) { return "(" + std::to_string(a) + ",)"; }
inline std::string shape_str(std::int64_t a, std::int64_t b) {
  return "(" + std::to_string(a) + "," + std::to_string(b) + ")";
}

[[noreturn]] inline void not_aligned(const std::string& sa, const std::string& sb, std::int64_t ka, int da,
                                     std::int64_t kb, int db) {
  throw rt::ValueError("shapes " + sa + " and " + sb + " not aligned: " + std::to_string(ka) + " (dim " +
                       std::to_string(da) + ") != " + std::to_string(kb) + " (dim " + std::to_string(db) + ")");
}

// numpy's scalar path for float64 (cblas_daxpy of the one-element operand onto a zeroed result): reference
// BLAS daxpy returns at once when the scalar is zero, leaving +0.0 even where the other operand holds inf
// or NaN; otherwise each element is 0.0 + scalar * x.
inline double axpy_from_zero(double alpha, double x) { return alpha == 0.0 ? 0.0 : 0.0 + alpha * x; }

}  // namespace oplib::numpy::detail_numpy_dot_generic

namespace oplib::numpy {

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::np_scalar<T> dot(const rt::ndarray<T, 1>& a, const rt::ndarray<T, 1>& b) {
  namespace d = detail_numpy_dot_generic;
  const std::int64_t n = a.shape(0);
  if (b.shape(0) != n) d::not_aligned(d::shape_str(n), d::shape_str(b.shape(0)), n, 0, b.shape(0), 0);
  if (n == 1) return rt::np_scalar<T>{d::mul(a(0), b(0))};  // a one-element operand is a scalar: a plain product
  if constexpr (std::is_same_v<T, double>) return rt::np_scalar<T>{rt::matmul_kernel::vector_vector(a, b)};
  T acc = T(0);
  for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, a(k), b(k));
  return rt::np_scalar<T>{acc};
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 1> dot(const rt::ndarray<T, 2>& a, const rt::ndarray<T, 1>& b) {
  namespace d = detail_numpy_dot_generic;
  const std::int64_t m = a.shape(0), n = a.shape(1);
  if (b.shape(0) != n) d::not_aligned(d::shape_str(m, n), d::shape_str(b.shape(0)), n, 1, b.shape(0), 0);
  if constexpr (std::is_same_v<T, double>) {
    if (n == 1 && m > 1) {  // b is the one-element operand
      auto out = rt::ndarray<T, 1>::empty({m});
      for (std::int64_t i = 0; i < m; ++i) out(i) = d::axpy_from_zero(b(0), a(i, 0));
      return out;
    }
    if (!(n == 1 && m == 1)) return rt::matmul_kernel::matrix_vector(a, b);
  }
  auto out = rt::ndarray<T, 1>::empty({m});
  for (std::int64_t i = 0; i < m; ++i) {
    T acc = T(0);
    for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, a(i, k), b(k));
    out(i) = (n == 1 && m == 1) ? d::mul(a(0, 0), b(0)) : acc;
  }
  return out;
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 1> dot(const rt::ndarray<T, 1>& a, const rt::ndarray<T, 2>& b) {
  namespace d = detail_numpy_dot_generic;
  const std::int64_t n = b.shape(0), p = b.shape(1);
  if (a.shape(0) != n) d::not_aligned(d::shape_str(a.shape(0)), d::shape_str(n, p), a.shape(0), 0, n, 0);
  if constexpr (std::is_same_v<T, double>) {
    if (n == 1 && p > 1) {  // a is the one-element operand
      auto out = rt::ndarray<T, 1>::empty({p});
      for (std::int64_t j = 0; j < p; ++j) out(j) = d::axpy_from_zero(a(0), b(0, j));
      return out;
    }
    if (!(n == 1 && p == 1)) return rt::matmul_kernel::vector_matrix(a, b);
  }
  auto out = rt::ndarray<T, 1>::empty({p});
  for (std::int64_t j = 0; j < p; ++j) {
    T acc = T(0);
    for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, a(k), b(k, j));
    out(j) = (n == 1 && p == 1) ? d::mul(a(0), b(0, 0)) : acc;
  }
  return out;
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 2> dot(const rt::ndarray<T, 2>& a, const rt::ndarray<T, 2>& b) {
  namespace d = detail_numpy_dot_generic;
  const std::int64_t m = a.shape(0), n = a.shape(1), p = b.shape(1);
  if (b.shape(0) != n) d::not_aligned(d::shape_str(m, n), d::shape_str(b.shape(0), p), n, 1, b.shape(0), 0);
  if constexpr (std::is_same_v<T, double>) {
    if (n == 1 && p == 1 && m > 1) {  // b (1x1) is the one-element operand
      auto out = rt::ndarray<T, 2>::empty({m, 1});
      for (std::int64_t i = 0; i < m; ++i) out(i, 0) = d::axpy_from_zero(b(0, 0), a(i, 0));
      return out;
    }
    if (n == 1 && m == 1 && p > 1) {  // a (1x1) is the one-element operand
      auto out = rt::ndarray<T, 2>::empty({1, p});
      for (std::int64_t j = 0; j < p; ++j) out(0, j) = d::axpy_from_zero(a(0, 0), b(0, j));
      return out;
    }
    if (!(n == 1 && m == 1 && p == 1)) return rt::matmul_kernel::dot_numpy(a, b);
  }
  auto out = rt::ndarray<T, 2>::empty({m, p});
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < p; ++j) {
      T acc = T(0);
      for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, a(i, k), b(k, j));
      out(i, j) = (n == 1 && m == 1 && p == 1) ? d::mul(a(0, 0), b(0, 0)) : acc;
    }
  return out;
}

}  // namespace oplib::numpy
