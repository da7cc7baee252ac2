// op: numpy.asarray
// generic: yes
// tolerance: exact
// note: np.asarray(a) of an ndarray is a itself (no copy, writes through it show in a); of a list of floats a fresh 1-D float64 array (empty too)
#include <cstddef>

namespace oplib::numpy {

template <class T, std::size_t N>
rt::ndarray<T, N> asarray(const rt::ndarray<T, N>& a) {
  return a;
}

inline rt::ndarray<double, 1> asarray(const rt::list<double>& xs) {
  return rt::ndarray<double, 1>::from_vector(xs.to_vector(), {xs.len()});
}

}  // namespace oplib::numpy
