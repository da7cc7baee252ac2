// op: numpy.ndarray.copy
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,1] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: a.copy(): a fresh C-contiguous writeable array with its own buffer (order='C' default), also from read-only or strided views
namespace oplib::numpy::ndarray {
template <class T, std::size_t N>
inline rt::ndarray<T, N> copy(const rt::ndarray<T, N>& a) {
  return a.copy();
}
}  // namespace oplib::numpy::ndarray
