// op: operator.mod
// generic: yes
// tolerance: exact
// note: a % b with an array operand, bool/int64/float64 elements and any real operand, at least one of them int64 or float64: numpy's remainder at the promoted dtype. int64: the sign of the divisor (Python's floor modulo), x % 0 = 0 (numpy only warns), INT64_MIN % -1 = 0; float64: fmod moved by b where its sign differs from b's, a zero result taking b's sign, x % 0 = NaN (numpy's npy_divmod); broadcasting, ValueError on mismatched shapes; a fresh C-contiguous result
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B> && (!std::is_same_v<rt::ufunc::promoted_t<A, B>, bool>)
auto mod(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  return rt::ufunc::apply<P>(
      [](auto x, auto y) {
        if constexpr (std::is_same_v<P, double>) {
          const double u = static_cast<double>(x), v = static_cast<double>(y);
          double m = std::fmod(u, v);
          if (v == 0.0) return m;
          if (m != 0.0) {
            if ((v < 0.0) != (m < 0.0)) m += v;
          } else {
            m = std::copysign(0.0, v);
          }
          return m;
        } else {
          const auto u = static_cast<std::int64_t>(x), v = static_cast<std::int64_t>(y);
          if (v == 0 || (v == -1 && u == std::numeric_limits<std::int64_t>::min())) return std::int64_t{0};
          std::int64_t m = u % v;
          if (m != 0 && ((m < 0) != (v < 0))) m += v;
          return m;
        }
      },
      a, b);
}
}  // namespace oplib::operator_
