// op: operator.mul
// sig: ndarray[uint8,2], uint8 -> ndarray[uint8,2]
// generic: yes
// tolerance: exact
// note: a * b between an array and a numpy scalar of the same dtype, one beyond bool/int64/float64 (img * img.min() for a uint8 img): numpy 1.24 keeps that dtype (value-based casting never widens a scalar of the array's own dtype); integers wrap modulo 2^bits as numpy's loops do, floats one IEEE op per element; broadcasting; a fresh C-contiguous result
#include <type_traits>

namespace oplib::operator_::detail_mul_same_scalar {
template <class T>
T one(T x, T y) {
  if constexpr (rt::promote::is_int_v<T>) return rt::promote::wrapping_mul<T>(x, y);
  else return static_cast<T>(x * y);
}
template <class A, class B>
concept array_and_its_scalar =
    rt::ufunc::operand<A>::array && std::is_same_v<B, rt::np_scalar<rt::ufunc::elem_t<A>>> &&
    (rt::promote::is_int_v<rt::ufunc::elem_t<A>> || std::is_same_v<rt::ufunc::elem_t<A>, float>) &&
    !std::is_same_v<rt::ufunc::elem_t<A>, std::int64_t>;
}  // namespace oplib::operator_::detail_mul_same_scalar

namespace oplib::operator_ {
template <class A, class B>
  requires detail_mul_same_scalar::array_and_its_scalar<A, B> || detail_mul_same_scalar::array_and_its_scalar<B, A>
auto mul(const A& a, const B& b) {
  using T = std::conditional_t<rt::ufunc::operand<A>::array, rt::ufunc::elem_t<A>, rt::ufunc::elem_t<B>>;
  return rt::ufunc::apply<T>([](T x, T y) { return detail_mul_same_scalar::one<T>(x, y); }, a, b);
}
}  // namespace oplib::operator_
