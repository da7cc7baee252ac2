// expect: accept
// namespace: oplib::numpy
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>
#include <cstdint>

namespace oplib::numpy {

// numpy.sum(a: ndarray[float64,2], axis: Literal[0]) -> ndarray[float64,1]
rt::ndarray<double, 1> sum(const rt::ndarray<double, 2>& a, rt::lit<0>, rt::none, rt::none,
                           rt::lit<false>) {
  xt::xtensor<double, 1> out = xt::sum(a, {0});
  return rt::ndarray<double, 1>(std::move(out));
}

}  // namespace oplib::numpy
