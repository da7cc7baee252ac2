// op: builtins.float
// sig: float32 -> float
// sig: int64 -> float
// sig: int32 -> float
// sig: uint64 -> float
// sig: uint8 -> float
// sig: bool_ -> float
// generic: yes
// tolerance: exact
// note: float() of a real numpy scalar: the double nearest its value (float32 widens exactly, NaN, inf and -0.0 kept; int64 and uint64 round to nearest, ties to even); bool_ gives 1.0 or 0.0
#include <type_traits>

namespace oplib::builtins {
template <class T>
  requires(std::is_arithmetic_v<T>)
inline double float_(const rt::np_scalar<T>& x) {
  return static_cast<double>(x.value);
}
}  // namespace oplib::builtins
