// op: numpy.outer
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,2]
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// note: out[i, j] = a.ravel()[i] * b.ravel()[j], one IEEE product each; int64 wraps like numpy
#include <cstdint>
#include <vector>
namespace oplib::numpy {

template <class T, std::size_t N, std::size_t M>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && N >= 1 && M >= 1)
inline rt::ndarray<T, 2> outer(const rt::ndarray<T, N>& a, const rt::ndarray<T, M>& b) {
  const std::vector<T> x = a.to_vector(), y = b.to_vector();
  const std::int64_t m = static_cast<std::int64_t>(x.size()), n = static_cast<std::int64_t>(y.size());
  auto out = rt::ndarray<T, 2>::empty({m, n});
  T* o = out.data();
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j) {
      if constexpr (std::is_same_v<T, std::int64_t>) {
        o[i * n + j] = static_cast<std::int64_t>(static_cast<std::uint64_t>(x[static_cast<std::size_t>(i)]) *
                                                 static_cast<std::uint64_t>(y[static_cast<std::size_t>(j)]));
      } else {
        o[i * n + j] = x[static_cast<std::size_t>(i)] * y[static_cast<std::size_t>(j)];
      }
    }
  return out;
}

}  // namespace oplib::numpy
