// op: numpy.ones_like
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// sig: ndarray[bool,2] -> ndarray[bool,2]
// generic: yes
// tolerance: exact
// note: same shape and dtype as a, filled with 1 (True for bool), fresh C-contiguous buffer
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
template <class T, std::size_t N>
rt::ndarray<T, N> ones_like(const rt::ndarray<T, N>& a) {
  return rt::ndarray<T, N>::full(a.shape(), static_cast<T>(1));
}
}  // namespace oplib::numpy
