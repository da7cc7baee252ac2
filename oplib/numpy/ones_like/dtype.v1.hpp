// op: numpy.ones_like
// sig: ndarray[float64,1], Literal['int64'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: the shape of a in the dtype given (a Literal of its name), one-filled, fresh C-contiguous buffer
#include <cstddef>

namespace oplib::numpy {
template <class T, std::size_t N, class D>
  requires rt::dtype_lit<D>
rt::ndarray<rt::dtype_element_t<D>, N> ones_like(const rt::ndarray<T, N>& a, D) {
  return rt::ndarray<rt::dtype_element_t<D>, N>::full(a.shape(), rt::dtype_element_t<D>(1));
}
}  // namespace oplib::numpy
