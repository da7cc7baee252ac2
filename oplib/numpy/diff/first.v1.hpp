// op: numpy.diff
// sig: ndarray[float64,1] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: np.diff(a) of a 1-D array: out[i] = a[i + 1] - a[i], n - 1 elements (none for n < 2); float64 IEEE subtraction, int64 wrapping
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>)
rt::ndarray<T, 1> diff(const rt::ndarray<T, 1>& a) {
  const std::int64_t n = a.shape(0);
  auto out = rt::ndarray<T, 1>::empty({n > 1 ? n - 1 : 0});
  const std::int64_t s = a.strides()[0];
  const T* p = a.data();
  T* o = out.data();
  for (std::int64_t i = 0; i + 1 < n; ++i) {
    if constexpr (std::is_same_v<T, double>) o[i] = p[(i + 1) * s] - p[i * s];
    else o[i] = static_cast<T>(static_cast<std::uint64_t>(p[(i + 1) * s]) - static_cast<std::uint64_t>(p[i * s]));
  }
  return out;
}
}  // namespace oplib::numpy
