// op: operator.neg
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: -a on an array is a new contiguous array; floats flip the sign bit (NaN, -0.0 kept), int64 wraps like numpy (-INT64_MIN == INT64_MIN)
#include <cstddef>
#include <type_traits>
namespace oplib::operator_ {
template <class T, std::size_t N>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
inline rt::ndarray<T, N> neg(const rt::ndarray<T, N>& a) {
  rt::ndarray<T, N> out = a.copy();
  out.for_each([](T& x) {
    if constexpr (std::is_integral_v<T>) {
      x = static_cast<T>(-static_cast<std::make_unsigned_t<T>>(x));  // wraps, no signed-overflow UB
    } else {
      x = -x;
    }
  });
  return out;
}
}  // namespace oplib::operator_
