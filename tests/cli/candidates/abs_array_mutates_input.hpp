// op: numpy.abs
// sig: ndarray[float64,1] -> ndarray[float64,1]
// expect: FAIL
// why: computes in place in its argument (through a copied handle) and returns it
#include <cmath>
namespace oplib::numpy {
inline rt::ndarray<double, 1> abs(const rt::ndarray<double, 1>& x) {
  rt::ndarray<double, 1> alias = x;
  alias.for_each([](double& v) { v = std::fabs(v); });
  return alias.copy();
}
}  // namespace oplib::numpy
