// op: numpy.full_like
// sig: ndarray[float64,1], float -> ndarray[float64,1]
// sig: ndarray[float64,2], float -> ndarray[float64,2]
// sig: ndarray[int64,1], int -> ndarray[int64,1]
// sig: ndarray[float64,2], int -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: same shape and dtype as a, filled with fill_value cast to a's dtype (only value-preserving casts are declared)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy {
template <class T, std::size_t N, class V>
  requires((std::is_same_v<T, double> && (std::is_same_v<V, double> || std::is_same_v<V, std::int64_t>)) ||
           (std::is_same_v<T, std::int64_t> && std::is_same_v<V, std::int64_t>))
rt::ndarray<T, N> full_like(const rt::ndarray<T, N>& a, const V& fill_value) {
  return rt::ndarray<T, N>::full(a.shape(), static_cast<T>(fill_value));
}
}  // namespace oplib::numpy
