// op: operator.pow
// sig: ndarray[float64,1], int -> ndarray[float64,1]
// generic: yes
// tolerance: ulp:4
// note: a ** b with an array operand, bool/int64/float64 elements and any real operand, not both bool: float64 if anything is a float, else int64. A float64 array raised to a scalar takes numpy's fast paths (** -1 is 1/x, ** 0 is 1, ** 0.5 is sqrt, so (-0.0) ** 0.5 is -0.0 and (-inf) ** 0.5 is NaN, ** 1 a copy, ** 2 is x*x); otherwise pow(). int64 powers wrap modulo 2^64 and a negative int exponent is ValueError; broadcasting, ValueError on mismatched shapes; a fresh array
#include <cmath>
#include <cstdint>
#include <type_traits>

namespace oplib::operator_::detail_pow_ufunc {
inline std::int64_t int_power(std::int64_t base, std::int64_t exponent) {
  if (exponent < 0) throw rt::ValueError("Integers to negative integer powers are not allowed.");
  std::uint64_t result = 1, b = static_cast<std::uint64_t>(base);
  for (std::uint64_t e = static_cast<std::uint64_t>(exponent); e != 0; e >>= 1) {
    if (e & 1) result *= b;
    b *= b;
  }
  return static_cast<std::int64_t>(result);
}
template <class X>
double scalar_value(const X& x) {
  return static_cast<double>(*rt::ufunc::operand<X>::ptr(x));
}
}  // namespace oplib::operator_::detail_pow_ufunc

namespace oplib::operator_ {
template <rt::ufunc::real_operand A, rt::ufunc::real_operand B>
  requires rt::ufunc::any_array<A, B> && (!std::is_same_v<rt::ufunc::promoted_t<A, B>, bool>)
auto pow(const A& a, const B& b) {
  using P = rt::ufunc::promoted_t<A, B>;
  if constexpr (std::is_same_v<P, std::int64_t>) {
    return rt::ufunc::apply<std::int64_t>(
        [](auto x, auto y) {
          return detail_pow_ufunc::int_power(static_cast<std::int64_t>(x), static_cast<std::int64_t>(y));
        },
        a, b);
  } else {
    if constexpr (std::is_same_v<rt::ufunc::elem_t<A>, double> && !rt::ufunc::operand<B>::array) {
      const double e = detail_pow_ufunc::scalar_value(b);
      if (e == -1.0) return rt::ufunc::apply<double>([](double x) { return 1.0 / x; }, a);
      if (e == 0.0) return rt::ufunc::apply<double>([](double) { return 1.0; }, a);
      if (e == 0.5) return rt::ufunc::apply<double>([](double x) { return std::sqrt(x); }, a);
      if (e == 1.0) return rt::ufunc::apply<double>([](double x) { return x; }, a);
      if (e == 2.0) return rt::ufunc::apply<double>([](double x) { return x * x; }, a);
    }
    return rt::ufunc::apply<double>(
        [](auto x, auto y) { return std::pow(static_cast<double>(x), static_cast<double>(y)); }, a, b);
  }
}
}  // namespace oplib::operator_
