// op: numpy.mod
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,1]
// sig: float, float -> float64
// generic: yes
// tolerance: exact
// note: numpy's npy_remainder for float64 (x%0 = fmod = nan); int64: x%0 = 0 like numpy (warning only), sign of divisor; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum)
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace oplib::numpy::detail_numpy_mod_broadcast {
// numpy's npy_divmod / npy_floor_divide / npy_remainder (npymath, float64).
inline double divmod_f(double a, double b, double& modulus) {
  double mod = std::fmod(a, b);
  if (b == 0.0) {
    modulus = mod;
    return a / b;
  }
  double div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, b);
  }
  double floordiv;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, a / b);
  }
  modulus = mod;
  return floordiv;
}
inline double floor_divide_f(double a, double b) {
  if (b == 0.0) return a / b;
  double mod;
  return divmod_f(a, b, mod);
}
inline double remainder_f(double a, double b) {
  if (b == 0.0) return std::fmod(a, b);
  double mod;
  divmod_f(a, b, mod);
  return mod;
}
inline std::int64_t remainder_i(std::int64_t a, std::int64_t b) {
  if (b == 0 || b == -1) return 0;
  const std::int64_t r = a % b;
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}
}  // namespace oplib::numpy::detail_numpy_mod_broadcast

namespace oplib::numpy {
template <class A, class B>
  requires (std::is_same_v<rt::ufunc::elem_t<A>, double> || std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>) && (std::is_same_v<rt::ufunc::elem_t<B>, double> || std::is_same_v<rt::ufunc::elem_t<B>, std::int64_t>)
auto mod(const A& x1, const B& x2) {
  using C = rt::ufunc::promoted_t<A, B>;
  if constexpr (std::is_same_v<C, double>) {
    return rt::ufunc::apply<double>([](auto a_, auto b_) {
      const double a = static_cast<double>(a_), b = static_cast<double>(b_);
      return detail_numpy_mod_broadcast::remainder_f(a, b);
    }, x1, x2);
  } else {
    return rt::ufunc::apply<std::int64_t>([](std::int64_t a, std::int64_t b) {
      return detail_numpy_mod_broadcast::remainder_i(a, b);
    }, x1, x2);
  }
}
}  // namespace oplib::numpy
