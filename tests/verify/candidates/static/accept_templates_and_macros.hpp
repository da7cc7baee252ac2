// expect: accept
#include <cassert>
#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>

#define OPSYNTH_SQUARE(x) ((x) * (x))

namespace oplib::math {
namespace detail {

template <std::floating_point T>
[[nodiscard]] constexpr T clamp_to_domain(T v) noexcept {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else {
    return v < T(0) ? T(0) : v;
  }
}

template <class T, class... Rest>
constexpr auto sum_all(T first, Rest... rest) { return (first + ... + rest); }

struct Pair {
  double a = 0, b = 0;
  constexpr Pair() = default;
  constexpr Pair(double x, double y) : a(x), b{y} {}
  constexpr double operator()(double t) const { return a + b * t; }
};

}  // namespace detail

double fsum3(double x, double y, double z) {
  const detail::Pair p{x, y};
  double acc = detail::sum_all(p(1.0), z, OPSYNTH_SQUARE(0.0));
  if (std::isnan(acc)) return std::numeric_limits<double>::quiet_NaN();
  switch (static_cast<int>(acc > 0)) {
    case 1:
      [[fallthrough]];
    default:
      break;
  }
  for (int i = 0; i < 3; ++i) {
    if (i == 2) goto done;
  }
done:
  return detail::clamp_to_domain(acc) + (acc < 0 ? acc : 0.0);
}

}  // namespace oplib::math

#undef OPSYNTH_SQUARE
