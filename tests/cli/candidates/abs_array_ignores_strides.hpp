// op: numpy.abs
// sig: ndarray[float64,1] -> ndarray[float64,1]
// expect: FAIL
// why: walks data() as if contiguous: wrong on strided and reversed views
#include <cmath>
namespace oplib::numpy {
inline rt::ndarray<double, 1> abs(const rt::ndarray<double, 1>& x) {
  auto out = rt::ndarray<double, 1>::empty(x.shape());
  const double* p = x.data();
  for (int64_t i = 0; i < x.shape(0); ++i) out(i) = std::fabs(p[i]);
  return out;
}
}  // namespace oplib::numpy
