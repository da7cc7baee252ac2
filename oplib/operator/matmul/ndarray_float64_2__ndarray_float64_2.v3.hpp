// op: operator.matmul
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// tolerance: reduction
// note: a @ b through rt::matmul_kernel::matmul_numpy (runtime/rt/blocked_matmul.hpp): cache-blocked and register-tiled over packed copies of any layout, each element still summed from +0.0 in increasing inner index with products and sums rounded one by one, the order of reference BLAS dgemm that numpy calls (bit for bit on Debian's netlib BLAS); a product of one buffer with its own transpose whose left operand is stored column by column (x.T @ x of a C-ordered x) takes numpy's dsyrk path instead: a zero multiplier from the left row is skipped (0 * inf adds nothing) and the lower triangle mirrors the upper; ValueError on a core-dimension mismatch
#include <cstdint>
#include <string>
namespace oplib::operator_ {
inline rt::ndarray<double, 2> matmul(const rt::ndarray<double, 2>& a, const rt::ndarray<double, 2>& b) {
  const std::int64_t k = a.shape(1), kb = b.shape(0);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  return rt::matmul_kernel::matmul_numpy(a, b);
}
}  // namespace oplib::operator_
