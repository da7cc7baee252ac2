// op: numpy.dot
// sig: ndarray[float64,1], ndarray[float64,1] -> float64
// flags: --tolerance reduction
// expect: PASS
// why: Eigen is on the include allowlist and on the include path; its SIMD dot sums in another order, within reduction
#include <Eigen/Core>
namespace oplib::numpy {
inline rt::float64 dot(const rt::ndarray<double, 1>& a, const rt::ndarray<double, 1>& b) {
  if (a.shape()[0] != b.shape()[0])
    throw rt::ValueError("shapes not aligned");
  using Strided = Eigen::Map<const Eigen::VectorXd, 0, Eigen::InnerStride<Eigen::Dynamic>>;
  double s = 0.0;
  if (a.shape()[0] > 0) {
    Strided x(a.data(), a.shape()[0], Eigen::InnerStride<Eigen::Dynamic>(a.strides()[0]));
    Strided y(b.data(), b.shape()[0], Eigen::InnerStride<Eigen::Dynamic>(b.strides()[0]));
    s = x.dot(y);
  }
  return rt::float64(s);
}
}  // namespace oplib::numpy
