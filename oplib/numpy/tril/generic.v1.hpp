// op: numpy.tril
// sig: ndarray[float64,2], int -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: np.tril(m, k=0) of a 2-D array: a new array of m's dtype with the elements above diagonal k set to zero, any dtype (bool gives False)
#include <cstdint>

namespace oplib::numpy {
namespace detail_numpy_triangle {
// keep(i, j) says whether element (i, j) stays; the others become T{} (0, False).
template <class T, class Keep>
rt::ndarray<T, 2> triangle(const rt::ndarray<T, 2>& m, Keep keep) {
  auto out = m.copy();
  T* o = out.data();
  const std::int64_t cols = m.shape(1);
  for (std::int64_t i = 0; i < m.shape(0); ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      if (!keep(i, j)) o[i * cols + j] = T{};
  return out;
}
}  // namespace detail_numpy_triangle

template <class T>
rt::ndarray<T, 2> tril(const rt::ndarray<T, 2>& m, std::int64_t k) {
  return detail_numpy_triangle::triangle(m, [k](std::int64_t i, std::int64_t j) { return j - i <= k; });
}
template <class T>
rt::ndarray<T, 2> tril(const rt::ndarray<T, 2>& m) {
  return tril(m, std::int64_t{0});
}
}  // namespace oplib::numpy
