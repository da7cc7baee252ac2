// op: numpy.clip
// sig: ndarray[float64,1], float, float -> ndarray[float64,1]
// sig: ndarray[float64,2], float, float -> ndarray[float64,2]
// sig: ndarray[int64,1], int, int -> ndarray[int64,1]
// sig: ndarray[float64,1], float64, float64 -> ndarray[float64,1]
// sig: ndarray[float64,2], float64, float64 -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: numpy 1.24 clip: min(max(x, lo), hi) with nan x kept; a nan bound means no bound (numpy's deprecated nan handling); lo > hi gives hi; v3: a bound may also be a numpy scalar of the array's dtype (np.clip(x, mu - k * sd, mu + k * sd) with mu = x.mean()), the same function through rt::ufunc::apply
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::numpy {
namespace detail_numpy_clip_scalar_bounds {
// A bound of an array of T: a T (Python float or int) or numpy's scalar of T.
template <class B, class T>
concept bound_of = std::is_same_v<B, T> || std::is_same_v<B, rt::np_scalar<T>>;

template <class T, class B>
T bound_value(B b) {
  if constexpr (std::is_same_v<B, T>) {
    return b;
  } else {
    return b.value;
  }
}
}  // namespace detail_numpy_clip_scalar_bounds

template <class T, std::size_t N, class L, class H>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) &&
           detail_numpy_clip_scalar_bounds::bound_of<L, T> && detail_numpy_clip_scalar_bounds::bound_of<H, T>)
rt::ndarray<T, N> clip(const rt::ndarray<T, N>& a, L lo_bound, H hi_bound) {
  T lo = detail_numpy_clip_scalar_bounds::bound_value<T>(lo_bound);
  T hi = detail_numpy_clip_scalar_bounds::bound_value<T>(hi_bound);
  if constexpr (std::is_same_v<T, double>) {
    if (std::isnan(lo)) lo = -std::numeric_limits<double>::infinity();
    if (std::isnan(hi)) hi = std::numeric_limits<double>::infinity();
    return rt::ufunc::apply<double>([lo, hi](double x) {
      if (std::isnan(x)) return x;
      const double t = x > lo ? x : lo;
      return t < hi ? t : hi;
    }, a);
  } else {
    return rt::ufunc::apply<std::int64_t>([lo, hi](std::int64_t x) {
      const std::int64_t t = x > lo ? x : lo;
      return t < hi ? t : hi;
    }, a);
  }
}
}  // namespace oplib::numpy
