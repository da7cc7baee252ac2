// op: numpy.float64
// sig: int -> float64
// generic: yes
// tolerance: exact
// note: np.float64(x) of a Python bool, int or float or a numpy real scalar: the double nearest x (ints round to nearest even)
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::detail_float64_scalar {
template <class T>
struct real : std::bool_constant<std::is_arithmetic_v<T>> {};
template <class T>
struct real<rt::np_scalar<T>> : std::bool_constant<std::is_arithmetic_v<T>> {};
template <class T>
double value_of(const T& x) {
  return static_cast<double>(x);
}
template <class T>
double value_of(const rt::np_scalar<T>& x) {
  return static_cast<double>(x.value);
}
}  // namespace oplib::numpy::detail_float64_scalar

namespace oplib::numpy {
template <class T>
  requires detail_float64_scalar::real<T>::value
rt::float64 float64(const T& x) {
  return rt::float64(detail_float64_scalar::value_of(x));
}
}  // namespace oplib::numpy
