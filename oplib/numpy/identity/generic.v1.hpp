// op: numpy.identity
// sig: int -> ndarray[float64,2]
// sig: int, Literal['int64'] -> ndarray[int64,2]
// sig: int, Literal['float64'] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 300}
// note: np.identity(n, dtype=float): the n x n identity in float64 or the dtype given; numpy's ValueError for a negative n. The domain keeps n where n * n elements fit the verifier's memory budget
#include <cstdint>

namespace oplib::numpy {

template <class D = rt::lit<"float64">>
  requires rt::dtype_lit<D>
rt::ndarray<rt::dtype_element_t<D>, 2> identity(std::int64_t n, D = {}) {
  auto out = rt::ndarray<rt::dtype_element_t<D>, 2>::zeros({n, n});  // raises numpy's error for a negative n
  for (std::int64_t i = 0; i < n; ++i) out(i, i) = 1;
  return out;
}

}  // namespace oplib::numpy
