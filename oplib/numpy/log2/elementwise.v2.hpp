// op: numpy.log2
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[float64,1]
// sig: float -> float64
// generic: yes
// tolerance: ulp:2
// note: numpy 1.24 float64 log2 runs its own AVX512 SIMD (SVML) loop, not glibc; max distance from glibc log2 measured over 22M inputs is 2 ulp; specials (nan/inf/zero signs) agree; v2: the same function through rt::ufunc::apply (runtime/rt/ufunc.hpp), so a fresh result is laid out as numpy lays it out (a Fortran input gives a Fortran result, which decides the order of a later sum); the verifier's numpy runs its baseline kernels since verifier 0.3.1, which call glibc, so std:: here matches it bit for bit; the ulp tolerance stays for the SIMD kernels numpy picks on users' CPUs
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto log2(const X& x) {
  return rt::ufunc::apply<double>([](auto v_) {
    const double v = static_cast<double>(v_);
    return std::log2(v);
  }, x);
}
}  // namespace oplib::numpy
