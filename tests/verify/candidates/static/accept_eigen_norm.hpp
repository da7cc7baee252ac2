// expect: accept
// namespace: oplib::numpy::linalg
#include <Eigen/Dense>
#include <cmath>

namespace oplib {
namespace numpy::linalg {

// numpy.linalg.norm(x: ndarray[float64,2], ord: Literal['fro'], axis: None, keepdims: Literal[False])
double norm(const rt::ndarray<double, 2>& x, rt::lit<"fro">, rt::none, rt::lit<false>) {
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Matrix m(x.shape()[0], x.shape()[1]);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = x(i, j);
  }
  assert(m.rows() >= 0);
  return m.norm();
}

}  // namespace numpy::linalg
}  // namespace oplib
