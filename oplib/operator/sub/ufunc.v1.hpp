// op: operator.sub
// sig: ndarray[float64,1], int -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: a - b with an array operand, bool/int64/float64 elements and any real operand, at least one of them int64 or float64: the promoted dtype (float64 if anything is a float, else int64); float64 is one correctly rounded IEEE op per element (inf/NaN as IEEE, never an exception), int64 wraps modulo 2^64 as numpy's integer loops do; broadcasting, ValueError on mismatched shapes; a fresh C-contiguous result
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B> && (!std::is_same_v<rt::ufunc::promoted_t<A, B>, bool>)
auto sub(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  return rt::ufunc::apply<P>(
      [](auto x, auto y) {
        if constexpr (std::is_same_v<P, double>) return static_cast<double>(x) - static_cast<double>(y);
        else return rt::ufunc::wrapping_sub(static_cast<std::int64_t>(x), static_cast<std::int64_t>(y));
      },
      a, b);
}
}  // namespace oplib::operator_
