// op: numpy.ndarray.ndim
// sig: ndarray[float64,1] -> int
// generic: yes
// tolerance: exact
// note: a.ndim: the rank as a Python int (known from the type; the elements are never read)
namespace oplib::numpy::ndarray {
template <class T, std::size_t N>
inline std::int64_t ndim(const rt::ndarray<T, N>&) {
  return static_cast<std::int64_t>(N);
}
}  // namespace oplib::numpy::ndarray
