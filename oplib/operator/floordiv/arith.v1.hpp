// op: operator.floordiv
// sig: int, int -> int
// sig: float, float -> float
// sig: int, float -> float
// sig: float, int -> float
// generic: yes
// tolerance: exact
// note: floor toward -inf with CPython float_floor_div snapping (rt::float_floordiv); INT64_MIN//-1 raises OverflowError
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, int64_t> || std::is_same_v<A, double>) &&
           (std::is_same_v<B, int64_t> || std::is_same_v<B, double>))
inline auto floordiv(A a, B b) {
  if constexpr (std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>) {
    return rt::int_floordiv(a, b);
  } else {
    const double x = static_cast<double>(a), y = static_cast<double>(b);  // PyLong_AsDouble rounding
    return rt::float_floordiv(x, y);
  }
}
}  // namespace oplib::operator_
