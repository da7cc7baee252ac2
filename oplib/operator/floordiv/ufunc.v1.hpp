// op: operator.floordiv
// generic: yes
// tolerance: exact
// note: a // b with an array operand, bool/int64/float64 elements and any real operand, at least one of them int64 or float64: numpy's floor_divide at the promoted dtype. int64: rounded towards minus infinity, x // 0 = 0 (numpy only warns), INT64_MIN // -1 = INT64_MIN (it wraps); float64: numpy's npy_divmod quotient ((a - fmod(a, b)) / b, moved down where fmod's sign differs from b's, floored and rounded to the nearer integer, a zero quotient taking the sign of a / b, x // 0 = a / b); broadcasting, ValueError on mismatched shapes; a fresh C-contiguous result
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B> && (!std::is_same_v<rt::ufunc::promoted_t<A, B>, bool>)
auto floordiv(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  return rt::ufunc::apply<P>(
      [](auto x, auto y) {
        if constexpr (std::is_same_v<P, double>) {
          const double u = static_cast<double>(x), v = static_cast<double>(y);
          double m = std::fmod(u, v);
          if (v == 0.0) return u / v;
          double div = (u - m) / v;
          if (m != 0.0 && ((v < 0.0) != (m < 0.0))) div -= 1.0;
          if (div != 0.0) {
            double floored = std::floor(div);
            if (div - floored > 0.5) floored += 1.0;
            return floored;
          }
          return std::copysign(0.0, u / v);
        } else {
          const auto u = static_cast<std::int64_t>(x), v = static_cast<std::int64_t>(y);
          if (v == 0) return std::int64_t{0};
          if (v == -1 && u == std::numeric_limits<std::int64_t>::min()) return u;
          std::int64_t q = u / v;
          if (((u > 0) != (v > 0)) && q * v != u) --q;
          return q;
        }
      },
      a, b);
}
}  // namespace oplib::operator_
