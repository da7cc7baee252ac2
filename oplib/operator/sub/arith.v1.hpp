// op: operator.sub
// sig: int, int -> int
// sig: float, float -> float
// sig: int, float -> float
// sig: float, int -> float
// generic: yes
// tolerance: exact
// note: int64 overflow raises OverflowError (Python int is unbounded); mixed int/float converts the int to float first as CPython does
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_same_v<A, int64_t> || std::is_same_v<A, double>) &&
           (std::is_same_v<B, int64_t> || std::is_same_v<B, double>))
inline auto sub(A a, B b) {
  if constexpr (std::is_same_v<A, int64_t> && std::is_same_v<B, int64_t>) {
    return rt::int_sub(a, b);
  } else {
    const double x = static_cast<double>(a), y = static_cast<double>(b);  // PyLong_AsDouble rounding
    return x - y;
  }
}
}  // namespace oplib::operator_
