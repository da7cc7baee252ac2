// op: numpy.rint
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[float64,1]
// sig: float -> float64
// generic: yes
// tolerance: exact
// note: std::nearbyint is exact; numpy 1.24 casts int64 input to float64; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto rint(const X& x) {
  return rt::ufunc::apply<double>([](auto v_) {
    const double v = static_cast<double>(v_);
    return std::nearbyint(v);
  }, x);
}
}  // namespace oplib::numpy
