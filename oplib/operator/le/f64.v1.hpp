// op: operator.le
// sig: float64, float -> bool_
// sig: float64, float64 -> bool_
// sig: float, float64 -> bool_
// generic: yes
// tolerance: exact
// note: numpy float64 scalar comparison: IEEE <= on doubles (NaN unordered, -0.0 == 0.0), result np.bool_ (np.float64 subclasses float so its reflected method wins over float's)
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, rt::float64> && (std::is_same_v<B, rt::float64> || std::is_same_v<B, double>)) ||
           (std::is_same_v<A, double> && std::is_same_v<B, rt::float64>))
inline rt::bool_ le(A a, B b) {
  auto value = [](auto v) -> double {
    if constexpr (std::is_same_v<decltype(v), double>) return v;
    else return v.value;
  };
  return rt::bool_(value(a) <= value(b));
}
}  // namespace oplib::operator_
