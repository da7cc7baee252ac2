// op: operator.ge
// sig: ndarray[int64,1], float -> ndarray[bool,1]
// generic: yes
// tolerance: exact
// note: a >= b with an array operand of bool, int64 or float64 and any real operand: numpy compares in the promoted dtype (int64 against a float compares as float64; NaN compares unequal), broadcasting, ValueError on mismatched shapes; a fresh bool array
#include <cstdint>

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B>
auto ge(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  return rt::ufunc::apply<bool>([](auto x, auto y) { return static_cast<P>(x) >= static_cast<P>(y); }, a, b);
}
}  // namespace oplib::operator_
