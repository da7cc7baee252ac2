// op: operator.and_
// sig: ndarray[int64,2], ndarray[int64,2] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// note: a & b with an array operand of bool or int64 and a bool or int operand: bitwise in the promoted dtype (bool if both are bool, else int64); broadcasting, ValueError on mismatched shapes; a fresh array
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B> && (!std::is_same_v<rt::ufunc::promoted_t<A, B>, double>)
auto and_(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  return rt::ufunc::apply<P>([](auto x, auto y) { return static_cast<P>(static_cast<P>(x) & static_cast<P>(y)); }, a, b);
}
}  // namespace oplib::operator_
