// op: operator.neg
// sig: float64 -> float64
// generic: yes
// tolerance: exact
// note: -x of a numpy scalar keeps its type: floats flip the sign bit (-0.0, -nan as IEEE), int64 wraps modulo 2^64 (numpy warns on -(-2^63) and returns it), bool_ is refused as numpy refuses it
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
template <class T>
  requires(std::is_floating_point_v<T> || std::is_same_v<T, std::int64_t>)
inline rt::np_scalar<T> neg(const rt::np_scalar<T>& x) {
  if constexpr (std::is_floating_point_v<T>) return rt::np_scalar<T>(-x.value);
  else return rt::np_scalar<T>(static_cast<T>(0 - static_cast<std::uint64_t>(x.value)));
}
}  // namespace oplib::operator_
