// op: math.gamma
// sig: float -> float
// tolerance: exact
// note: port of CPython 3.11 m_tgamma (own Lanczos code, differs from glibc tgamma) on the same glibc exp/pow/sin/cos
#include <cmath>
#include <limits>
namespace oplib::math::detail_math_gamma_float {

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

inline constexpr double gamma_integral[23] = {
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0,
    3628800.0, 39916800.0, 479001600.0, 6227020800.0, 87178291200.0,
    1307674368000.0, 20922789888000.0, 355687428096000.0,
    6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
    51090942171709440000.0, 1124000727777607680000.0};
}  // namespace oplib::math::detail_math_gamma_float
namespace oplib::math {
// CPython 3.11 m_tgamma (its own Lanczos code, not glibc tgamma) under math_1a: EDOM -> ValueError,
// ERANGE with an infinite result -> OverflowError.
inline double gamma(double x) {
  using namespace detail_math_gamma_float;
  const auto domain = [] { return rt::ValueError("math domain error"); };
  const auto range = [] { return rt::OverflowError("math range error"); };
  if (!std::isfinite(x)) {
    if (std::isnan(x) || x > 0.0) return x;
    throw domain();
  }
  if (x == 0.0) throw domain();
  if (x == std::floor(x)) {
    if (x < 0.0) throw domain();
    if (x <= 23) return gamma_integral[static_cast<int>(x) - 1];
  }
  const double absx = std::fabs(x);
  double r;
  if (absx < 1e-20) {
    r = 1.0 / x;
    if (std::isinf(r)) throw range();
    return r;
  }
  if (absx > 200.0) {
    if (x < 0.0) return 0.0 / m_sinpi(x);
    throw range();
  }
  const double y = absx + lanczos_g_minus_half;
  double z;
  if (absx > lanczos_g_minus_half) {
    const double q = y - absx;
    z = q - lanczos_g_minus_half;
  } else {
    const double q = y - lanczos_g_minus_half;
    z = q - absx;
  }
  z = z * lanczos_g / y;
  if (x < 0.0) {
    r = -pi / m_sinpi(absx) / absx * std::exp(y) / lanczos_sum(absx);
    r -= z * r;
    if (absx < 140.0) {
      r /= std::pow(y, absx - 0.5);
    } else {
      const double sqrtpow = std::pow(y, absx / 2.0 - 0.25);
      r /= sqrtpow;
      r /= sqrtpow;
    }
  } else {
    r = lanczos_sum(absx) / std::exp(y);
    r += z * r;
    if (absx < 140.0) {
      r *= std::pow(y, absx - 0.5);
    } else {
      const double sqrtpow = std::pow(y, absx / 2.0 - 0.25);
      r *= sqrtpow;
      r *= sqrtpow;
    }
  }
  if (std::isinf(r)) throw range();
  return r;
}
}  // namespace oplib::math
