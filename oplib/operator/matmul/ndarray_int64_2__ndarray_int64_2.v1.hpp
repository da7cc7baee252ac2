// op: operator.matmul
// sig: ndarray[int64,2], ndarray[int64,2] -> ndarray[int64,2]
// tolerance: exact
// note: a @ b of int64 matrices: out[i, j] = sum over l of a[i, l] * b[l, j], products and sums wrapping modulo 2^64 as numpy's integer matmul loop does (no BLAS for ints, so the result is exact); ValueError on a core-dimension mismatch
#include <cstdint>
#include <string>
#include <vector>

namespace oplib::operator_ {
inline rt::ndarray<std::int64_t, 2> matmul(const rt::ndarray<std::int64_t, 2>& a, const rt::ndarray<std::int64_t, 2>& b) {
  const std::int64_t n = a.shape(0), k = a.shape(1), kb = b.shape(0), m = b.shape(1);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  std::vector<std::uint64_t> acc(static_cast<std::size_t>(n * m), 0);
  const std::int64_t as0 = a.strides()[0], as1 = a.strides()[1], bs0 = b.strides()[0], bs1 = b.strides()[1];
  std::uint64_t* o = acc.data();
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t l = 0; l < k; ++l) {
      const auto x = static_cast<std::uint64_t>(a.data()[i * as0 + l * as1]);
      for (std::int64_t j = 0; j < m; ++j) o[i * m + j] += x * static_cast<std::uint64_t>(b.data()[l * bs0 + j * bs1]);
    }
  auto result = rt::ndarray<std::int64_t, 2>::empty({n, m});
  for (std::int64_t i = 0; i < n * m; ++i) result.data()[i] = static_cast<std::int64_t>(o[i]);
  return result;
}
}  // namespace oplib::operator_
