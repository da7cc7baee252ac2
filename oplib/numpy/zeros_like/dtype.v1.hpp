// op: numpy.zeros_like
// sig: ndarray[float64,1], Literal['int64'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: the shape of a in the dtype given (a Literal of its name), zero-filled, fresh C-contiguous buffer; np.empty_like compiles to this
#include <cstddef>

namespace oplib::numpy {
template <class T, std::size_t N, class D>
  requires rt::dtype_lit<D>
rt::ndarray<rt::dtype_element_t<D>, N> zeros_like(const rt::ndarray<T, N>& a, D) {
  return rt::ndarray<rt::dtype_element_t<D>, N>::zeros(a.shape());
}
}  // namespace oplib::numpy
