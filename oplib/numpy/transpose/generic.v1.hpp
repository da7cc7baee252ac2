// op: numpy.transpose
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[int64,2] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// note: a view with the axes reversed, as numpy returns
namespace oplib::numpy {

template <class T, std::size_t N>
inline rt::ndarray<T, N> transpose(const rt::ndarray<T, N>& a) {
  return a.transpose();
}

}  // namespace oplib::numpy
