// op: operator.add
// sig: ndarray[uint64,1], int -> ndarray[uint64,1]
// generic: yes
// tolerance: exact
// note: a + b between a uint64 array and a Python int (either side): numpy 1.24 keeps uint64 for every int that fits uint64 (value-based casting) and the result wraps modulo 2^bits as numpy's integer loops do; an int outside uint64's range raises OverflowError 'Python integer N out of bounds for uint64' (numpy 2's rule, NEP 50; numpy 1.24 would widen the dtype, which a static type cannot), hence the domain; broadcasting; a fresh result laid out as numpy lays it out
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::ndarray<std::uint64_t, A::rank>> && std::is_same_v<B, std::int64_t>) ||
          (std::is_same_v<A, std::int64_t> && std::is_same_v<B, rt::ndarray<std::uint64_t, B::rank>>)
auto add(const A& a, const B& b) {
  if constexpr (std::is_same_v<B, std::int64_t>) {
    const std::uint64_t k = rt::promote::python_int_as<std::uint64_t>(b);
    return rt::ufunc::apply<std::uint64_t>([k](std::uint64_t x) { return rt::promote::wrapping_add<std::uint64_t>(x, k); }, a);
  } else {
    const std::uint64_t k = rt::promote::python_int_as<std::uint64_t>(a);
    return rt::ufunc::apply<std::uint64_t>([k](std::uint64_t y) { return rt::promote::wrapping_add<std::uint64_t>(k, y); }, b);
  }
}
}  // namespace oplib::operator_
