// op: numpy.clip
// sig: ndarray[float64,1], float, float -> ndarray[float64,1]
// sig: ndarray[float64,2], float, float -> ndarray[float64,2]
// sig: ndarray[int64,1], int, int -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: numpy 1.24 clip: min(max(x, lo), hi) with nan x kept; a nan bound means no bound (numpy's deprecated nan handling); lo > hi gives hi; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace oplib::numpy {
template <class T, std::size_t N, class V>
  requires(std::is_same_v<T, V> && (std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>))
rt::ndarray<T, N> clip(const rt::ndarray<T, N>& a, V lo, V hi) {
  if constexpr (std::is_same_v<T, double>) {
    if (std::isnan(lo)) lo = -std::numeric_limits<double>::infinity();
    if (std::isnan(hi)) hi = std::numeric_limits<double>::infinity();
    return rt::ufunc::apply<double>([lo, hi](double x) {
      if (std::isnan(x)) return x;
      const double t = x > lo ? x : lo;
      return t < hi ? t : hi;
    }, a);
  } else {
    return rt::ufunc::apply<std::int64_t>([lo, hi](std::int64_t x) {
      const std::int64_t t = x > lo ? x : lo;
      return t < hi ? t : hi;
    }, a);
  }
}
}  // namespace oplib::numpy
