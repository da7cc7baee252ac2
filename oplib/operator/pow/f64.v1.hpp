// op: operator.pow
// sig: float64, int -> float64
// sig: float64, float64 -> float64
// sig: float64, float -> float64
// generic: yes
// tolerance: exact
// note: numpy float64 scalar power: the other operand converted to float64, then C pow (no ZeroDivisionError or OverflowError as Python floats raise: 0.0 ** -1 is inf and an overflow is inf, with a RuntimeWarning); result np.float64
#include <cmath>
namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::float64> &&
           (std::is_same_v<B, int64_t> || std::is_same_v<B, double> || std::is_same_v<B, rt::float64>))
inline rt::float64 pow(A a, B b) {
  double e = 0.0;
  if constexpr (std::is_same_v<B, rt::float64>) e = b.value;
  else e = static_cast<double>(b);
  return rt::float64(std::pow(a.value, e));
}
}  // namespace oplib::operator_
