// op: math.lgamma
// sig: float -> float
// tolerance: exact
// note: port of CPython 3.11 m_lgamma (own Lanczos code, differs from glibc lgamma) on the same glibc log/sin/cos
#include <cmath>
#include <limits>
namespace oplib::math::detail_math_lgamma_float {

inline constexpr double pi = 3.141592653589793238462643383279502884197;
inline constexpr double logpi = 1.144729885849400174143427351353058711647;
inline constexpr int LANCZOS_N = 13;
inline constexpr double lanczos_g = 6.024680040776729583740234375;
inline constexpr double lanczos_g_minus_half = 5.524680040776729583740234375;
inline constexpr double lanczos_num_coeffs[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408};
inline constexpr double lanczos_den_coeffs[LANCZOS_N] = {
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
    13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0};

// sin(pi*x), accurate near integers (CPython's m_sinpi); x finite.
inline double m_sinpi(double x) {
  const double y = std::fmod(std::fabs(x), 2.0);
  const int n = static_cast<int>(std::round(2.0 * y));
  double r;
  switch (n) {
    case 0: r = std::sin(pi * y); break;
    case 1: r = std::cos(pi * (y - 0.5)); break;
    case 2: r = std::sin(pi * (1.0 - y)); break;
    case 3: r = -std::cos(pi * (y - 1.5)); break;
    default: r = std::sin(pi * (y - 2.0)); break;
  }
  return std::copysign(1.0, x) * r;
}

// Lanczos' sum L_g(x) for positive x, as a rational function (CPython's lanczos_sum).
inline double lanczos_sum(double x) {
  double num = 0.0, den = 0.0;
  if (x < 5.0) {
    for (int i = LANCZOS_N; --i >= 0;) {
      num = num * x + lanczos_num_coeffs[i];
      den = den * x + lanczos_den_coeffs[i];
    }
  } else {
    for (int i = 0; i < LANCZOS_N; i++) {
      num = num / x + lanczos_num_coeffs[i];
      den = den / x + lanczos_den_coeffs[i];
    }
  }
  return num / den;
}

}  // namespace oplib::math::detail_math_lgamma_float
namespace oplib::math {
// CPython 3.11 m_lgamma (its own Lanczos code, not glibc lgamma) under math_1a: non-positive integers
// -> ValueError, an infinite result from a finite x -> OverflowError.
inline double lgamma(double x) {
  using namespace detail_math_lgamma_float;
  if (!std::isfinite(x)) {
    if (std::isnan(x)) return x;
    return std::numeric_limits<double>::infinity();
  }
  if (x == std::floor(x) && x <= 2.0) {
    if (x <= 0.0) throw rt::ValueError("math domain error");
    return 0.0;
  }
  const double absx = std::fabs(x);
  if (absx < 1e-20) return -std::log(absx);
  double r = std::log(lanczos_sum(absx)) - lanczos_g;
  r += (absx - 0.5) * (std::log(absx + lanczos_g - 0.5) - 1);
  if (x < 0.0) r = logpi - std::log(std::fabs(m_sinpi(absx))) - std::log(absx) - r;
  if (std::isinf(r)) throw rt::OverflowError("math range error");
  return r;
}
}  // namespace oplib::math
