// op: numpy.maximum
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1], ndarray[int64,1] -> ndarray[int64,1]
// sig: float, float -> float64
// generic: yes
// tolerance: exact
// note: NaN propagates; for equal values (0.0 vs -0.0) numpy returns the second operand, as here; v3: float64 through rt::minmax::elementwise, selects without a speculated addition, so the loop vectorises (v2's `isnan ? a + b : ...` ran one element at a time under -ftrapping-math); the NaN kept is a's if a is one, else b's
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

namespace oplib::numpy {
template <class A, class B>
  requires (std::is_same_v<rt::ufunc::elem_t<A>, double> || std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>) && (std::is_same_v<rt::ufunc::elem_t<B>, double> || std::is_same_v<rt::ufunc::elem_t<B>, std::int64_t>)
auto maximum(const A& x1, const B& x2) {
  using C = rt::ufunc::promoted_t<A, B>;
  if constexpr (std::is_same_v<C, double>) {
    return rt::ufunc::apply<double>([](auto a, auto b) {
      return rt::minmax::elementwise<true>(static_cast<double>(a), static_cast<double>(b));
    }, x1, x2);
  } else {
    return rt::ufunc::apply<std::int64_t>([](std::int64_t a, std::int64_t b) {
      return a > b ? a : b;
    }, x1, x2);
  }
}
}  // namespace oplib::numpy
