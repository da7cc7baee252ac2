// op: math.sqrt
// sig: float -> float
// expect: FAIL compile
// why: a template instantiation explosion: the compiler must be stopped by its limits
#include <cmath>
namespace oplib::math {
namespace detail {
template <int N>
struct Blow {
  static constexpr long value = Blow<N - 1>::value + Blow<N - 2>::value;
};
template <>
struct Blow<0> {
  static constexpr long value = 1;
};
template <>
struct Blow<1> {
  static constexpr long value = 1;
};
}  // namespace detail
inline double sqrt(double x) { return std::sqrt(x) + 0.0 * detail::Blow<100000>::value; }
}  // namespace oplib::math
