// op: numpy.roll
// sig: ndarray[float64,1], int -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: np.roll(a, shift) of a 1-D array: out[(i + shift) mod n] = a[i], shift of any sign and size (Python's modulo), a fresh array; an empty array stays empty
#include <cstdint>

namespace oplib::numpy {
template <class T>
rt::ndarray<T, 1> roll(const rt::ndarray<T, 1>& a, std::int64_t shift) {
  const std::int64_t n = a.shape(0);
  auto out = rt::ndarray<T, 1>::empty({n});
  if (n == 0) return out;
  std::int64_t k = shift % n;
  if (k < 0) k += n;
  const std::int64_t s = a.strides()[0];
  const T* p = a.data();
  T* o = out.data();
  for (std::int64_t i = 0; i < n; ++i) o[(i + k) % n] = p[i * s];
  return out;
}
}  // namespace oplib::numpy
