// op: numpy.linalg.norm
// sig: ndarray[float64,2], Literal['fro'], None, Literal[False] -> float64
// flags: --tolerance exact
// expect: FAIL
// why: under exact (a person's choice; the rule would choose reduction for norm), a different summation
// order is a few ulps off
#include <cmath>
namespace oplib::numpy::linalg {
inline rt::float64 norm(const rt::ndarray<double, 2>& x, rt::lit<"fro">, rt::none, rt::lit<false>) {
  double s = 0;
  x.for_each([&](double v) { s += v * v; });
  return rt::float64{std::sqrt(s)};
}
}  // namespace oplib::numpy::linalg
