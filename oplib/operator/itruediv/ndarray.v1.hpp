// op: operator.itruediv
// sig: ndarray[float64,1], float -> ndarray[float64,1]
// sig: ndarray[float64,2], float -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a /= x on a float64 array: one IEEE division per element written into a (x == 0 gives inf/nan, never an exception); returns a itself
#include <cstddef>

namespace oplib::operator_ {
template <std::size_t N>
inline rt::ndarray<double, N> itruediv(const rt::ndarray<double, N>& a, double x) {
  rt::ndarray<double, N> target = a;  // the same buffer: the caller sees the writes
  target.for_each([x](double& v) { v = v / x; });
  return a;
}
}  // namespace oplib::operator_
