// op: operator.neg
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// sig: ndarray[float64,3] -> ndarray[float64,3]
// generic: yes
// tolerance: exact
// note: -a on an array; floats flip the sign bit (NaN, -0.0 kept), ints wrap like numpy (-INT64_MIN == INT64_MIN); v2: through rt::ufunc::apply (runtime/rt/ufunc.hpp), so the result is laid out as numpy lays it out (a Fortran input gives a Fortran result) and the loop vectorises, and an elementwise chain takes it in one pass (rt/ufunc_fusion.hpp)
#include <type_traits>

namespace oplib::operator_ {
template <class A>
  requires rt::ufunc::operand<A>::array && std::is_arithmetic_v<rt::ufunc::elem_t<A>> &&
           (!std::is_same_v<rt::ufunc::elem_t<A>, bool>)
auto neg(const A& a) {
  using T = rt::ufunc::elem_t<A>;
  return rt::ufunc::apply<T>([](T x) {
    if constexpr (std::is_integral_v<T>) {
      return static_cast<T>(-static_cast<std::make_unsigned_t<T>>(x));  // wraps, no signed-overflow UB
    } else {
      return -x;
    }
  }, a);
}
}  // namespace oplib::operator_
