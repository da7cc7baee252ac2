// op: numpy.log
// sig: ndarray[float64,1] -> ndarray[float64,1]
// expect: FAIL
// why: a log computed in float precision for x > 1e5 is right near 1, where tests of logs usually look,
// and millions of ulp off on large inputs
#include <cmath>
namespace oplib::numpy {
inline rt::ndarray<double, 1> log(const rt::ndarray<double, 1>& x) {
  return rt::ufunc::apply<double>([](double v) {
    return v > 1e5 ? static_cast<double>(std::log(static_cast<float>(v))) : std::log(v);
  }, x);
}
}  // namespace oplib::numpy
