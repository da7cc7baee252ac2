// op: operator.add
// sig: float64, float64 -> float64
// sig: float, float64 -> float64
// sig: float64, float -> float64
// generic: yes
// tolerance: exact
// note: numpy float64 scalar arithmetic: one IEEE double operation, result np.float64 (a Python float operand is converted to float64 first; np.float64 subclasses float so its reflected method wins); overflow gives inf with a RuntimeWarning, never an exception
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, rt::float64> && (std::is_same_v<B, rt::float64> || std::is_same_v<B, double>)) ||
           (std::is_same_v<A, double> && std::is_same_v<B, rt::float64>))
inline rt::float64 add(A a, B b) {
  auto value = [](auto v) -> double {
    if constexpr (std::is_same_v<decltype(v), double>) return v;
    else return v.value;
  };
  return rt::float64(value(a) + value(b));
}
}  // namespace oplib::operator_
