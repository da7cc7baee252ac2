// op: numpy.ndarray.shape
// sig: ndarray[float64,1] -> tuple[int]
// sig: ndarray[float64,2] -> tuple[int,int]
// generic: yes
// tolerance: exact
// note: a.shape: the dimensions as a tuple of Python ints (an attribute read, no copy of the elements)
namespace oplib::numpy::ndarray {
template <class T, std::size_t N>
inline auto shape(const rt::ndarray<T, N>& self) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::tuple<decltype((void)I, std::int64_t{})...>{self.shape(I)...};
  }(std::make_index_sequence<N>{});
}
}  // namespace oplib::numpy::ndarray
