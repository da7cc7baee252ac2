// op: numpy.arctan2
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[float64,1]
// sig: float, float -> float64
// generic: yes
// tolerance: ulp:3
// note: numpy 1.24 uses its AVX512 SVML atan2 for float64; measured up to 3 ulp from glibc atan2 (e.g. atan2(98, 97.5)); ints cast to float64; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum); the verifier's numpy runs its baseline kernels since verifier 0.3.1, which call glibc, so std:: here matches it bit for bit; the ulp tolerance stays for the SIMD kernels numpy picks on users' CPUs
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace oplib::numpy {
template <class A, class B>
  requires (std::is_same_v<rt::ufunc::elem_t<A>, double> || std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>) && (std::is_same_v<rt::ufunc::elem_t<B>, double> || std::is_same_v<rt::ufunc::elem_t<B>, std::int64_t>)
auto arctan2(const A& x1, const B& x2) {
  return rt::ufunc::apply<double>([](auto a_, auto b_) {
    const double a = static_cast<double>(a_), b = static_cast<double>(b_);
    return std::atan2(a, b);
  }, x1, x2);
}
}  // namespace oplib::numpy
