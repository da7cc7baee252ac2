// op: operator.truediv
// sig: ndarray[int64,1], int -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: a / b with an array operand, bool/int64/float64 elements and any real operand: both converted to float64, then one correctly rounded IEEE division per element (x/0 is inf or NaN, never an exception); broadcasting, ValueError on mismatched shapes; a fresh float64 array
namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B>
auto truediv(const A& a, const B& b) {
  return rt::ufunc::apply<double>([](auto x, auto y) { return static_cast<double>(x) / static_cast<double>(y); }, a, b);
}
}  // namespace oplib::operator_
