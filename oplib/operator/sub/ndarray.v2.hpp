// op: operator.sub
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,1], float64 -> ndarray[float64,1]
// sig: ndarray[float64,1], float -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: a - b with an ndarray operand and float64 elements (Python float, numpy float64 or float64 arrays): numpy's float64 ufunc, one correctly rounded IEEE op per element (bit-exact; -0.0, inf and NaN as IEEE; overflow gives inf, never an exception); numpy broadcasting, ValueError on mismatched shapes; through rt::ufunc::apply (runtime/rt/ufunc.hpp), so the fresh result is laid out as numpy lays it out (Fortran inputs give a Fortran result, which decides the order of a later sum) and the loop walks memory in order
#include <type_traits>

namespace oplib::operator_ {
template <class A, class B>
  requires std::is_same_v<rt::ufunc::elem_t<A>, double> && std::is_same_v<rt::ufunc::elem_t<B>, double> &&
           rt::ufunc::any_array<A, B>
auto sub(const A& a, const B& b) {
  return rt::ufunc::apply<double>([](double x, double y) { return x - y; }, a, b);
}
}  // namespace oplib::operator_
