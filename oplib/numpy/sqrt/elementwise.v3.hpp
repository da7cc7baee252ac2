// op: numpy.sqrt
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: v3: contiguous float64 runs two at a time through rt::vector_sqrt (SSE2's sqrtpd), correctly rounded as sqrtsd is (the same bits; numpy is bit-identical); std::sqrt keeps errno, so v2's loop tested every result, called libm on a negative, and never vectorised (a fifth of pairwise_distances); other runs and ints as v2
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
template <class X>
  requires std::is_same_v<rt::ufunc::elem_t<X>, double> || std::is_same_v<rt::ufunc::elem_t<X>, std::int64_t>
auto sqrt(const X& x) {
  return rt::ufunc::apply_runs<double>(
      [](auto v) { return std::sqrt(static_cast<double>(v)); },
      [](double* out, std::int64_t n, auto in) {
        if constexpr (std::is_same_v<decltype(in), const double*>) {
          rt::vector_sqrt::run(in, out, n);
        } else {
          for (std::int64_t k = 0; k < n; ++k) out[k] = std::sqrt(static_cast<double>(in[k]));
        }
      },
      x);
}
}  // namespace oplib::numpy
