// op: numpy.abs
// sig: ndarray[float64,1] -> ndarray[float64,1]
// expect: FAIL
// why: forgets the last element, which keeps whatever the allocator left there
#include <cmath>
namespace oplib::numpy {
inline rt::ndarray<double, 1> abs(const rt::ndarray<double, 1>& x) {
  auto out = rt::ndarray<double, 1>::empty(x.shape());
  for (int64_t i = 0; i + 1 < x.shape(0); ++i) out(i) = std::fabs(x(i));
  return out;
}
}  // namespace oplib::numpy
