// op: operator.sub
// sig: ndarray[uint32,1], int -> ndarray[uint32,1]
// generic: yes
// tolerance: exact
// note: a - b between a uint32 array and a Python int (either side): numpy 1.24 keeps uint32 for every int that fits uint32 (value-based casting) and the result wraps modulo 2^bits as numpy's integer loops do; an int outside uint32's range raises OverflowError 'Python integer N out of bounds for uint32' (numpy 2's rule, NEP 50; numpy 1.24 would widen the dtype, which a static type cannot), hence the domain; broadcasting; a fresh result laid out as numpy lays it out
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::ndarray<std::uint32_t, A::rank>> && std::is_same_v<B, std::int64_t>) ||
          (std::is_same_v<A, std::int64_t> && std::is_same_v<B, rt::ndarray<std::uint32_t, B::rank>>)
auto sub(const A& a, const B& b) {
  if constexpr (std::is_same_v<B, std::int64_t>) {
    const std::uint32_t k = rt::promote::python_int_as<std::uint32_t>(b);
    return rt::ufunc::apply<std::uint32_t>([k](std::uint32_t x) { return rt::promote::wrapping_sub<std::uint32_t>(x, k); }, a);
  } else {
    const std::uint32_t k = rt::promote::python_int_as<std::uint32_t>(a);
    return rt::ufunc::apply<std::uint32_t>([k](std::uint32_t y) { return rt::promote::wrapping_sub<std::uint32_t>(k, y); }, b);
  }
}
}  // namespace oplib::operator_
