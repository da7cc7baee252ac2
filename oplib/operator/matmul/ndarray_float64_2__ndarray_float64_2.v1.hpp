// op: operator.matmul
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// tolerance: reduction
// note: a @ b; numpy uses BLAS dgemm (its own blocked summation order) for aligned inputs, so sums differ in order (reduction tolerance); ValueError on a core-dimension mismatch
#include <string>
#include <vector>
namespace oplib::operator_ {
inline rt::ndarray<double, 2> matmul(const rt::ndarray<double, 2>& a, const rt::ndarray<double, 2>& b) {
  const int64_t n = a.shape(0), k = a.shape(1), kb = b.shape(0), m = b.shape(1);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  auto out = rt::ndarray<double, 2>::zeros({n, m});
  if (n == 0 || m == 0 || k == 0) return out;
  // b's rows are read in the inner loop: make them unit-stride (copy only when they are not).
  const rt::ndarray<double, 2> bc = (b.strides()[1] == 1 || m == 1) ? b : b.copy();
  const int64_t bs0 = bc.strides()[0], bs1 = m == 1 ? 1 : bc.strides()[1];
  const int64_t as0 = a.strides()[0], as1 = a.strides()[1];
  const double* ad = a.data();
  const double* bd = bc.data();
  double* o = out.data();
  // out[i, :] += a[i, l] * b[l, :] for l in order: each element sums its products left to right,
  // the same order as numpy's non-BLAS matmul loop.
  for (int64_t i = 0; i < n; ++i) {
    double* orow = o + i * m;
    for (int64_t l = 0; l < k; ++l) {
      const double x = ad[i * as0 + l * as1];
      const double* brow = bd + l * bs0;
      if (bs1 == 1) {
        for (int64_t j = 0; j < m; ++j) orow[j] += x * brow[j];
      } else {
        for (int64_t j = 0; j < m; ++j) orow[j] += x * brow[j * bs1];
      }
    }
  }
  return out;
}
}  // namespace oplib::operator_
