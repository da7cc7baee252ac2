// op: numpy.exp
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[float64,1]
// sig: float -> float64
// generic: yes
// tolerance: ulp:2
// note: v3: rt::fast_exp (runtime/rt/fast_exp.hpp), a table method vectorised 4 or 8 at a time, within 1 ulp of glibc's exp (tests/runtime/test_fast_exp.cpp) and the same bits on every path and position, where v2's std::exp ran one call per element at a third of numpy's speed; specials (|x| >= 708, inf, NaN) are glibc's. numpy 1.24 itself runs an AVX512 SIMD exp up to 2 ulp from glibc on users' CPUs, hence the tolerance
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto exp(const X& x) {
  return rt::ufunc::apply_runs<double>(
      [](auto v) { return rt::fast_exp::one(static_cast<double>(v)); },
      [](double* out, std::int64_t n, auto in) {
        if constexpr (std::is_same_v<decltype(in), const double*>) {
          rt::fast_exp::run(in, out, n);
        } else {
          for (std::int64_t k = 0; k < n; ++k) out[k] = rt::fast_exp::one(static_cast<double>(in[k]));
        }
      },
      x);
}
}  // namespace oplib::numpy
