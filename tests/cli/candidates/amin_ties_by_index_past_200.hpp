// op: numpy.amin
// sig: ndarray[float64,1] -> float64
// expect: FAIL
// why: numpy's own reduction order up to 200 elements; past that one pass in index order, NaN kept, but a
// tie of 0.0 and -0.0 goes to the first of them where numpy's lanes keep the other: right on every
// short array and on every long one without a tied zero
#include <cmath>
namespace oplib::numpy {
inline rt::float64 amin(const rt::ndarray<double, 1>& a) {
  if (a.size() < 200) return rt::float64{rt::minmax::all<false>(a, "minimum")};
  double m = a(0);
  for (std::int64_t i = 1; i < a.size(); ++i) {
    const double v = a(i);
    if (std::isnan(v)) return rt::float64{v};
    if (v < m) m = v;
  }
  return rt::float64{m};
}
}  // namespace oplib::numpy
