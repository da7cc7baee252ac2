// op: operator.truediv
// sig: float64, int -> float64
// sig: int, float64 -> float64
// generic: yes
// tolerance: exact
// note: a numpy float64 scalar with a Python int: numpy converts the int to float64 first (rounding to nearest) and does one IEEE double operation; the result is np.float64 (division by zero gives inf or nan with a RuntimeWarning, never ZeroDivisionError)
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, rt::float64> && std::is_same_v<B, int64_t>) ||
           (std::is_same_v<A, int64_t> && std::is_same_v<B, rt::float64>))
inline rt::float64 truediv(A a, B b) {
  auto value = [](auto v) -> double {
    if constexpr (std::is_same_v<decltype(v), int64_t>) return static_cast<double>(v);
    else return v.value;
  };
  return rt::float64(value(a) / value(b));
}
}  // namespace oplib::operator_
