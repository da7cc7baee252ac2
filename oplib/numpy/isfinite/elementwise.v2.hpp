// op: numpy.isfinite
// sig: ndarray[float64,1] -> ndarray[bool,1]
// sig: ndarray[float64,2] -> ndarray[bool,2]
// sig: ndarray[int64,1] -> ndarray[bool,1]
// generic: yes
// tolerance: exact
// note: bool result; int64 input is never nan/inf; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto isfinite(const X& x) {
  if constexpr (std::is_same_v<rt::ufunc::elem_t<X>, double>) {
    return rt::ufunc::apply<bool>([](double v) { return std::isfinite(v); }, x);
  } else {
    return rt::ufunc::apply<bool>([](std::int64_t) { return true; }, x);
  }
}
}  // namespace oplib::numpy
