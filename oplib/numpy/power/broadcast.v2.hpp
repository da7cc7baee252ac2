// op: numpy.power
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,1]
// sig: float, float -> float64
// generic: yes
// tolerance: ulp:1
// note: float64 via glibc pow; numpy 1.24 uses its AVX512 SIMD pow here, measured up to 1 ulp from glibc; int64: numpy's wrapping square-and-multiply, negative exponent -> ValueError; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum); the verifier's numpy runs its baseline kernels since verifier 0.3.1, which call glibc, so std:: here matches it bit for bit; the ulp tolerance stays for the SIMD kernels numpy picks on users' CPUs
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace oplib::numpy::detail_numpy_power_broadcast {
// numpy's integer power loop: square-and-multiply with wrapping, negative exponents refused.
inline std::int64_t power_i(std::int64_t base, std::int64_t exp) {
  if (exp < 0) throw rt::ValueError("Integers to negative integer powers are not allowed.");
  if (exp == 0 || base == 1) return 1;
  std::int64_t out = (exp & 1) ? base : 1;
  exp >>= 1;
  while (exp > 0) {
    base = rt::ufunc::wrapping_mul(base, base);
    if (exp & 1) out = rt::ufunc::wrapping_mul(out, base);
    exp >>= 1;
  }
  return out;
}
}  // namespace oplib::numpy::detail_numpy_power_broadcast

namespace oplib::numpy {
template <class A, class B>
  requires (std::is_same_v<rt::ufunc::elem_t<A>, double> || std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>) && (std::is_same_v<rt::ufunc::elem_t<B>, double> || std::is_same_v<rt::ufunc::elem_t<B>, std::int64_t>)
auto power(const A& x1, const B& x2) {
  using C = rt::ufunc::promoted_t<A, B>;
  if constexpr (std::is_same_v<C, double>) {
    return rt::ufunc::apply<double>([](auto a_, auto b_) {
      const double a = static_cast<double>(a_), b = static_cast<double>(b_);
      return std::pow(a, b);
    }, x1, x2);
  } else {
    return rt::ufunc::apply<std::int64_t>([](std::int64_t a, std::int64_t b) {
      return detail_numpy_power_broadcast::power_i(a, b);
    }, x1, x2);
  }
}
}  // namespace oplib::numpy
