// op: numpy.ndarray.T
// sig: ndarray[float64,2] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a.T: a view with the axes reversed sharing a's buffer (writes through it show in a), as numpy returns
namespace oplib::numpy::ndarray {
template <class E, std::size_t N>
inline rt::ndarray<E, N> T(const rt::ndarray<E, N>& self) {
  return self.transpose();
}
}  // namespace oplib::numpy::ndarray
