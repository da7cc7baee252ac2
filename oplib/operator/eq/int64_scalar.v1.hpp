// op: operator.eq
// sig: int64, int -> bool_
// generic: yes
// tolerance: exact
// note: a == b for a numpy int64 scalar and a Python int (either order) or another int64: compared as integers, an np.bool_
#include <cstdint>
#include <type_traits>

namespace oplib::operator_::detail_eq_int64_scalar {
template <class X>
std::int64_t value(const X& x) {
  if constexpr (std::is_same_v<X, rt::int64>) return x.value;
  else return x;
}
template <class A, class B>
concept int64_mix = (std::is_same_v<A, rt::int64> && (std::is_same_v<B, std::int64_t> || std::is_same_v<B, rt::int64>)) ||
                    (std::is_same_v<A, std::int64_t> && std::is_same_v<B, rt::int64>);
}  // namespace oplib::operator_::detail_eq_int64_scalar

namespace oplib::operator_ {
template <class A, class B>
  requires detail_eq_int64_scalar::int64_mix<A, B>
rt::bool_ eq(const A& a, const B& b) {
  return rt::bool_(detail_eq_int64_scalar::value(a) == detail_eq_int64_scalar::value(b));
}
}  // namespace oplib::operator_
