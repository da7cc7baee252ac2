// op: numpy.minimum
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,1]
// sig: float, float -> float64
// generic: yes
// tolerance: exact
// note: NaN propagates; for equal values (0.0 vs -0.0) numpy returns the second operand, as here; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace oplib::numpy {
template <class A, class B>
  requires (std::is_same_v<rt::ufunc::elem_t<A>, double> || std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>) && (std::is_same_v<rt::ufunc::elem_t<B>, double> || std::is_same_v<rt::ufunc::elem_t<B>, std::int64_t>)
auto minimum(const A& x1, const B& x2) {
  using C = rt::ufunc::promoted_t<A, B>;
  if constexpr (std::is_same_v<C, double>) {
    return rt::ufunc::apply<double>([](auto a_, auto b_) {
      const double a = static_cast<double>(a_), b = static_cast<double>(b_);
      return (std::isnan(a) || std::isnan(b)) ? a + b : (a < b ? a : b);
    }, x1, x2);
  } else {
    return rt::ufunc::apply<std::int64_t>([](std::int64_t a, std::int64_t b) {
      return (a < b ? a : b);
    }, x1, x2);
  }
}
}  // namespace oplib::numpy
