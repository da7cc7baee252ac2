// op: numpy.matmul
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,1], ndarray[float64,2] -> ndarray[float64,1]
// sig: ndarray[float64,1], ndarray[float64,1] -> float64
// sig: ndarray[int64,2], ndarray[int64,2] -> ndarray[int64,2]
// generic: yes
// tolerance: reduction
// note: float64 through rt::matmul_kernel (runtime/rt/blocked_matmul.hpp): cache-blocked, register-tiled, loop order chosen from the strides, yet every element summed one by one from +0.0 along the inner index like numpy's no-BLAS loop and reference BLAS gemm/gemv (passes exact on Debian's netlib BLAS); int64 keeps the plain loop and wraps like numpy; a product of one buffer with its own transpose whose left operand is stored column by column (x.T @ x of a C-ordered x) takes numpy's dsyrk path (matmul's): a zero multiplier from the left row is skipped (0 * inf adds nothing) and the lower triangle mirrors the upper
#include <cstdint>
#include <string>
#include <type_traits>
namespace oplib::numpy::detail_numpy_matmul_generic {

template <class T>
inline T madd(T acc, T x, T y) {
  if constexpr (std::is_same_v<T, std::int64_t>) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(acc) +
                                     static_cast<std::uint64_t>(x) * static_cast<std::uint64_t>(y));
  } else {
    return acc + x * y;
  }
}

[[noreturn]] inline void mismatch(std::int64_t got, std::int64_t want) {
  throw rt::ValueError("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
                       "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(got) + " is different from " +
                       std::to_string(want) + ")");
}

}  // namespace oplib::numpy::detail_numpy_matmul_generic

namespace oplib::numpy {

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 2> matmul(const rt::ndarray<T, 2>& x1, const rt::ndarray<T, 2>& x2) {
  namespace d = detail_numpy_matmul_generic;
  const std::int64_t m = x1.shape(0), n = x1.shape(1), p = x2.shape(1);
  if (x2.shape(0) != n) d::mismatch(x2.shape(0), n);
  if constexpr (std::is_same_v<T, double>) return rt::matmul_kernel::matmul_numpy(x1, x2);
  auto out = rt::ndarray<T, 2>::empty({m, p});
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < p; ++j) {
      T acc = T(0);
      for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, x1(i, k), x2(k, j));
      out(i, j) = acc;
    }
  return out;
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 1> matmul(const rt::ndarray<T, 2>& x1, const rt::ndarray<T, 1>& x2) {
  namespace d = detail_numpy_matmul_generic;
  const std::int64_t m = x1.shape(0), n = x1.shape(1);
  if (x2.shape(0) != n) d::mismatch(x2.shape(0), n);
  if constexpr (std::is_same_v<T, double>) return rt::matmul_kernel::matrix_vector(x1, x2);
  auto out = rt::ndarray<T, 1>::empty({m});
  for (std::int64_t i = 0; i < m; ++i) {
    T acc = T(0);
    for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, x1(i, k), x2(k));
    out(i) = acc;
  }
  return out;
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::ndarray<T, 1> matmul(const rt::ndarray<T, 1>& x1, const rt::ndarray<T, 2>& x2) {
  namespace d = detail_numpy_matmul_generic;
  const std::int64_t n = x2.shape(0), p = x2.shape(1);
  if (x1.shape(0) != n) d::mismatch(n, x1.shape(0));
  if constexpr (std::is_same_v<T, double>) return rt::matmul_kernel::vector_matrix(x1, x2);
  auto out = rt::ndarray<T, 1>::empty({p});
  for (std::int64_t j = 0; j < p; ++j) {
    T acc = T(0);
    for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, x1(k), x2(k, j));
    out(j) = acc;
  }
  return out;
}

template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
inline rt::np_scalar<T> matmul(const rt::ndarray<T, 1>& x1, const rt::ndarray<T, 1>& x2) {
  namespace d = detail_numpy_matmul_generic;
  const std::int64_t n = x1.shape(0);
  if (x2.shape(0) != n) d::mismatch(x2.shape(0), n);
  if constexpr (std::is_same_v<T, double>) return rt::np_scalar<T>{rt::matmul_kernel::vector_vector(x1, x2)};
  T acc = T(0);
  for (std::int64_t k = 0; k < n; ++k) acc = d::madd(acc, x1(k), x2(k));
  return rt::np_scalar<T>{acc};
}

}  // namespace oplib::numpy
