// op: operator.add
// sig: ndarray[uint8,1], ndarray[uint8,1] -> ndarray[uint8,1]
// generic: yes
// tolerance: exact
// note: a + b of two arrays, at least one of a dtype beyond bool/int64/float64 (uint8, int8, int16, uint16, uint32, uint64, int32, float32, complex64, complex128): numpy's promoted dtype (np.promote_types: uint8 + int8 is int16, uint64 + int64 float64); integers wrap modulo 2^bits in that dtype as numpy's loops do (uint8 200 + 100 is 44); floats one IEEE op per element; broadcasting, ValueError on mismatched shapes; a fresh C-contiguous result
#include <type_traits>

namespace oplib::operator_ {
template <class A, class B>
  requires rt::ufunc::operand<A>::array && rt::ufunc::operand<B>::array &&
           rt::promote::element<rt::ufunc::elem_t<A>> && rt::promote::element<rt::ufunc::elem_t<B>> &&
           (!(rt::ufunc::real_elem<rt::ufunc::elem_t<A>> && rt::ufunc::real_elem<rt::ufunc::elem_t<B>>))
auto add(const A& a, const B& b) {
  using P = rt::promote::promote_t<rt::ufunc::elem_t<A>, rt::ufunc::elem_t<B>>;
  return rt::ufunc::apply<P>(
      [](auto x, auto y) {
        const P px = rt::promote::cast<P>(x), py = rt::promote::cast<P>(y);
        if constexpr (rt::promote::is_int_v<P>) return rt::promote::wrapping_add<P>(px, py);
        else return static_cast<P>(px + py);
      },
      a, b);
}
}  // namespace oplib::operator_
