// op: operator.matmul
// sig: ndarray[float64,1], ndarray[float64,2] -> ndarray[float64,1]
// note: vector @ matrix: out[j] = sum over l of a[l] * b[l, j], rows accumulated left to right into out (a contiguous sweep of b per row); numpy calls BLAS dgemv (its own summation order), hence the op's reduction tolerance; ValueError on a core-dimension mismatch
#include <cstdint>
#include <string>

namespace oplib::operator_ {
inline rt::ndarray<double, 1> matmul(const rt::ndarray<double, 1>& a, const rt::ndarray<double, 2>& b) {
  const std::int64_t k = a.shape(0), kb = b.shape(0), m = b.shape(1);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  auto out = rt::ndarray<double, 1>::zeros({m});
  const std::int64_t as = a.strides()[0], bs0 = b.strides()[0], bs1 = b.strides()[1];
  const double* ad = a.data();
  const double* bd = b.data();
  double* o = out.data();
  for (std::int64_t l = 0; l < k; ++l) {
    const double x = ad[l * as];
    const double* row = bd + l * bs0;
    for (std::int64_t j = 0; j < m; ++j) o[j] += x * row[j * bs1];
  }
  return out;
}
}  // namespace oplib::operator_
