// op: operator.matmul
// tolerance: reduction
// note: vector @ vector: the sum over l of a[l] * b[l], left to right, as a float64; numpy calls BLAS ddot (its own summation order), hence the op's reduction tolerance; ValueError on a length mismatch
#include <string>
namespace oplib::operator_ {
inline rt::float64 matmul(const rt::ndarray<double, 1>& a, const rt::ndarray<double, 1>& b) {
  const int64_t k = a.shape(0), kb = b.shape(0);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  const int64_t as = a.strides()[0], bs = b.strides()[0];
  const double* ad = a.data();
  const double* bd = b.data();
  double s = 0.0;
  for (int64_t l = 0; l < k; ++l) s += ad[l * as] * bd[l * bs];
  return rt::float64(s);
}
}  // namespace oplib::operator_
