// op: operator.matmul
// sig: ndarray[int64,2], ndarray[int64,2] -> ndarray[int64,2]
// tolerance: exact
// note: a @ b of int64 matrices, products and sums wrapping modulo 2^64 as numpy's integer matmul loop does (no BLAS for ints, so any summation order gives the same result); b is made row-contiguous once and the loops are tiled so that a block of b stays in cache across the rows of a; ValueError on a core-dimension mismatch
#include <algorithm>
#include <cstdint>
#include <string>

namespace oplib::operator_ {
inline rt::ndarray<std::int64_t, 2> matmul(const rt::ndarray<std::int64_t, 2>& a, const rt::ndarray<std::int64_t, 2>& b) {
  const std::int64_t n = a.shape(0), k = a.shape(1), kb = b.shape(0), m = b.shape(1);
  if (k != kb) {
    throw rt::ValueError(
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature "
        "(n?,k),(k,m?)->(n?,m?) (size " + std::to_string(kb) + " is different from " + std::to_string(k) + ")");
  }
  auto out = rt::ndarray<std::int64_t, 2>::zeros({n, m});
  if (n == 0 || m == 0 || k == 0) return out;
  // Unsigned arithmetic wraps as numpy's int64 loop does, without signed overflow in C++.
  const rt::ndarray<std::int64_t, 2> bc = (b.strides()[1] == 1 || m == 1) ? b : b.copy();
  const std::int64_t bs0 = bc.strides()[0];
  const std::int64_t as0 = a.strides()[0], as1 = a.strides()[1];
  const std::int64_t* ad = a.data();
  const std::int64_t* bd = bc.data();
  auto* o = reinterpret_cast<std::uint64_t*>(out.data());
  // Tiles of b (kTileRows x kTileCols) stay in cache while every row of a passes over them.
  constexpr std::int64_t kTileRows = 64, kTileCols = 256;
  for (std::int64_t j0 = 0; j0 < m; j0 += kTileCols) {
    const std::int64_t j1 = std::min(m, j0 + kTileCols);
    for (std::int64_t l0 = 0; l0 < k; l0 += kTileRows) {
      const std::int64_t l1 = std::min(k, l0 + kTileRows);
      for (std::int64_t i = 0; i < n; ++i) {
        std::uint64_t* orow = o + i * m;
        for (std::int64_t l = l0; l < l1; ++l) {
          const auto x = static_cast<std::uint64_t>(ad[i * as0 + l * as1]);
          const std::int64_t* brow = bd + l * bs0;
          for (std::int64_t j = j0; j < j1; ++j) orow[j] += x * static_cast<std::uint64_t>(brow[j]);
        }
      }
    }
  }
  return out;
}
}  // namespace oplib::operator_
