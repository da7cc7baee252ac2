// op: operator.matmul
// sig: ndarray[float64,1], ndarray[float64,2] -> ndarray[float64,1]
// tolerance: reduction
// note: vector @ matrix through rt::matmul_kernel (runtime/rt/blocked_matmul.hpp) as b's transpose times a: the loop order follows b's strides, each element summed from +0.0 in increasing l as reference BLAS dgemv does; ValueError on a core-dimension mismatch
#include <cstdint>
#include <string>
namespace oplib::operator_ {
inline rt::ndarray<double, 1> matmul(const rt::ndarray<double, 1>& a, const rt::ndarray<double, 2>& b) {
  const std::int64_t k = a.shape(0), kb = b.shape(0);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  return rt::matmul_kernel::vector_matrix(a, b);
}
}  // namespace oplib::operator_
