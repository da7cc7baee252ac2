// op: operator.lt
// sig: float64, int -> bool_
// sig: int, float64 -> bool_
// generic: yes
// tolerance: exact
// note: a numpy float64 scalar against a Python int: numpy converts the int to float64 first (rounding to nearest, so 2.0**53 == 2**53 + 1 holds, unlike float vs int in Python) and compares as IEEE doubles (NaN unordered); the result is np.bool_
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, rt::float64> && std::is_same_v<B, int64_t>) ||
           (std::is_same_v<A, int64_t> && std::is_same_v<B, rt::float64>))
inline rt::bool_ lt(A a, B b) {
  auto value = [](auto v) -> double {
    if constexpr (std::is_same_v<decltype(v), int64_t>) return static_cast<double>(v);
    else return v.value;
  };
  return rt::bool_(value(a) < value(b));
}
}  // namespace oplib::operator_
