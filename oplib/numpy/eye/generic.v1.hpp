// op: numpy.eye
// sig: int -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: np.eye(N, M=None, k=0, dtype=float): an N x M array (M = N when None) of zeros with ones on diagonal k (above the main one for k > 0, below for k < 0; none when |k| reaches past the edge), in float64 or the dtype given; numpy's ValueError for a negative dimension
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
namespace detail_numpy_eye {
template <class T>
rt::ndarray<T, 2> eye(std::int64_t n, std::int64_t m, std::int64_t k) {
  auto out = rt::ndarray<T, 2>::zeros({n, m});  // raises numpy's error for a negative dimension
  for (std::int64_t i = k < 0 ? -k : 0; i < n && i + k < m; ++i) out.data()[i * m + i + k] = T{1};
  return out;
}
template <class M>
concept columns = std::is_same_v<M, std::int64_t> || std::is_same_v<M, rt::none>;
template <class M>
std::int64_t columns_of(std::int64_t n, const M& m) {
  if constexpr (std::is_same_v<M, rt::none>) return n;
  else return m;
}
}  // namespace detail_numpy_eye

inline rt::ndarray<double, 2> eye(std::int64_t n) { return detail_numpy_eye::eye<double>(n, n, 0); }

template <detail_numpy_eye::columns M>
rt::ndarray<double, 2> eye(std::int64_t n, const M& m) {
  return detail_numpy_eye::eye<double>(n, detail_numpy_eye::columns_of(n, m), 0);
}

template <detail_numpy_eye::columns M>
rt::ndarray<double, 2> eye(std::int64_t n, const M& m, std::int64_t k) {
  return detail_numpy_eye::eye<double>(n, detail_numpy_eye::columns_of(n, m), k);
}

template <detail_numpy_eye::columns M, rt::dtype_lit D>
rt::ndarray<rt::dtype_element_t<D>, 2> eye(std::int64_t n, const M& m, std::int64_t k, D) {
  return detail_numpy_eye::eye<rt::dtype_element_t<D>>(n, detail_numpy_eye::columns_of(n, m), k);
}
}  // namespace oplib::numpy
