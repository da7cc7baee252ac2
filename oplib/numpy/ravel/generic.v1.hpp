// op: numpy.ravel
// sig: ndarray[float64,2] -> ndarray[float64,1]
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[int64,2] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: C order; a view of a C-contiguous array, else a copy (PyArray_Ravel with order 'C')
namespace oplib::numpy {

template <class T, std::size_t N>
inline rt::ndarray<T, 1> ravel(const rt::ndarray<T, N>& a) {
  if (a.is_c_contiguous()) return a.reshape(rt::shape_t<1>{a.size()});
  return rt::ndarray<T, 1>::from_vector(a.to_vector(), {a.size()});
}

}  // namespace oplib::numpy
