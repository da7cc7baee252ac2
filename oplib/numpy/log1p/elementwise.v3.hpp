// op: numpy.log1p
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[float64,1]
// sig: float -> float64
// generic: yes
// tolerance: ulp:2
// note: v3: rt::fast_log (runtime/rt/fast_log.hpp), a table method without FMA run 8 at a time on AVX-512, within 1 ulp of glibc's log1p (tests/runtime/test_fast_log.cpp) and the same bits on every path and position, where v2's std::log1p ran one call per element at a sixth of numpy's speed; specials (x <= -1, inf, NaN, and |x| < 2^-54, where log1p(x) is x) are glibc's. numpy 1.24 itself runs SVML's AVX-512 log1p on users' CPUs, up to 2 ulp from glibc, hence the tolerance
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto log1p(const X& x) {
  return rt::ufunc::apply_runs<double>(
      [](auto v) { return rt::fast_log::log1p(static_cast<double>(v)); },
      [](double* out, std::int64_t n, auto in) {
        if constexpr (std::is_same_v<decltype(in), const double*>) {
          rt::fast_log::run_log1p(in, out, n);
        } else {
          for (std::int64_t k = 0; k < n; ++k) out[k] = rt::fast_log::log1p(static_cast<double>(in[k]));
        }
      },
      x);
}
}  // namespace oplib::numpy
