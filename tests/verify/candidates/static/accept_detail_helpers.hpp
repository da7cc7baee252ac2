// expect: accept
#include <cmath>
#include <cstdint>
#include <limits>

namespace oplib::math {
namespace detail {

inline bool is_integral_value(double x) { return std::isfinite(x) && std::floor(x) == x; }

template <class T>
constexpr T square(T v) { return v * v; }

}  // namespace detail

// Forward declaration of a helper defined below.
double hypot_scaled(double x, double y);

double hypot(double x, double y) {
  if (std::isinf(x) || std::isinf(y)) return std::numeric_limits<double>::infinity();
  if (std::isnan(x) || std::isnan(y)) return NAN;
  return hypot_scaled(x, y);
}

double hypot_scaled(double x, double y) {
  const double m = std::fmax(std::fabs(x), std::fabs(y));
  if (m == 0) return 0.0;
  return m * std::sqrt(detail::square(x / m) + detail::square(y / m));
}

}  // namespace oplib::math
