// op: numpy.abs
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// sig: float -> float64
// generic: yes
// tolerance: exact
// note: fabs; int64 wraps (abs(INT64_MIN) = INT64_MIN) like numpy; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto abs(const X& x) {
  if constexpr (std::is_same_v<rt::ufunc::elem_t<X>, double>) {
    return rt::ufunc::apply<double>([](double v) { return std::fabs(v); }, x);
  } else {
    return rt::ufunc::apply<std::int64_t>([](std::int64_t v) { return (v < 0 ? static_cast<std::int64_t>(std::uint64_t{0} - static_cast<std::uint64_t>(v)) : v); }, x);
  }
}
}  // namespace oplib::numpy
