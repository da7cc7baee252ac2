// op: numpy.amax
// sig: ndarray[float64,2] -> float64
// expect: FAIL
// why: scans at most 40 columns: right whenever axis 1 is short, whatever the length of axis 0
#include <algorithm>
#include <cmath>
namespace oplib::numpy {
inline rt::float64 amax(const rt::ndarray<double, 2>& a) {
  if (a.size() == 0)
    throw rt::ValueError("zero-size array to reduction operation maximum which has no identity");
  double m = a(0, 0);
  for (std::int64_t i = 0; i < a.shape(0); ++i)
    for (std::int64_t j = 0; j < std::min<std::int64_t>(a.shape(1), 40); ++j) {
      const double v = a(i, j);
      if (std::isnan(v)) return rt::float64{v};
      if (v > m) m = v;
    }
  return rt::float64{m};
}
}  // namespace oplib::numpy
