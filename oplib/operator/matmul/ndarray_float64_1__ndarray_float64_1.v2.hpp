// op: operator.matmul
// sig: ndarray[float64,1], ndarray[float64,1] -> float64
// tolerance: reduction
// note: vector @ vector through rt::matmul_kernel::vector_vector (runtime/rt/blocked_matmul.hpp): the sum over l of a[l] * b[l] from +0.0, left to right, as a float64; numpy calls BLAS ddot, hence the op's reduction tolerance; ValueError on a length mismatch
#include <cstdint>
#include <string>
namespace oplib::operator_ {
inline rt::float64 matmul(const rt::ndarray<double, 1>& a, const rt::ndarray<double, 1>& b) {
  const std::int64_t k = a.shape(0), kb = b.shape(0);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  return rt::float64(rt::matmul_kernel::vector_vector(a, b));
}
}  // namespace oplib::operator_
