// op: operator.add
// sig: int64, int -> int64
// generic: yes
// tolerance: exact
// note: a numpy int64 scalar plus a Python int (either order) or another int64: an int64 that wraps modulo 2^64 on overflow, as numpy's scalar math does (it only warns)
#include <cstdint>
#include <type_traits>

namespace oplib::operator_::detail_add_npint {
template <class X>
std::int64_t value(const X& x) {
  if constexpr (std::is_same_v<X, rt::int64>) return x.value;
  else return x;
}
template <class A, class B>
concept int64_mix = (std::is_same_v<A, rt::int64> && (std::is_same_v<B, std::int64_t> || std::is_same_v<B, rt::int64>)) ||
                    (std::is_same_v<A, std::int64_t> && std::is_same_v<B, rt::int64>);
}  // namespace oplib::operator_::detail_add_npint

namespace oplib::operator_ {
template <class A, class B>
  requires detail_add_npint::int64_mix<A, B>
rt::int64 add(const A& a, const B& b) {
  return rt::int64(rt::ufunc::wrapping_add(detail_add_npint::value(a), detail_add_npint::value(b)));
}
}  // namespace oplib::operator_
