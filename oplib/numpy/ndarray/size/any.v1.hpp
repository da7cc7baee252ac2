// op: numpy.ndarray.size
// sig: ndarray[float64,2] -> int
// generic: yes
// tolerance: exact
// note: a.size: the number of elements, the product of the shape (0 when any axis is empty), a Python int
#include <cstddef>
#include <cstdint>

namespace oplib::numpy::ndarray {
template <class T, std::size_t N>
std::int64_t size(const rt::ndarray<T, N>& a) {
  return a.size();
}
}  // namespace oplib::numpy::ndarray
