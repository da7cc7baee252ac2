// op: operator.matmul
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,1]
// note: matrix @ vector: out[i] = sum over l of a[i, l] * b[l], left to right; numpy calls BLAS dgemv (its own summation order), hence the op's reduction tolerance; ValueError on a core-dimension mismatch
#include <string>
namespace oplib::operator_ {
inline rt::ndarray<double, 1> matmul(const rt::ndarray<double, 2>& a, const rt::ndarray<double, 1>& b) {
  const int64_t n = a.shape(0), k = a.shape(1), kb = b.shape(0);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  auto out = rt::ndarray<double, 1>::zeros({n});
  const int64_t as0 = a.strides()[0], as1 = a.strides()[1], bs = b.strides()[0];
  const double* ad = a.data();
  const double* bd = b.data();
  double* o = out.data();
  for (int64_t i = 0; i < n; ++i) {
    double s = 0.0;
    for (int64_t l = 0; l < k; ++l) s += ad[i * as0 + l * as1] * bd[l * bs];
    o[i] = s;
  }
  return out;
}
}  // namespace oplib::operator_
