// op: numpy.flip
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,2]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,2]
// sig: ndarray[int64,1] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: a view with reversed strides, as numpy returns
#include <array>
namespace oplib::numpy {

template <class T, std::size_t N>
inline rt::ndarray<T, N> flip(const rt::ndarray<T, N>& m) {
  std::array<rt::slice, N> s{};
  for (auto& x : s) x.step = -1;
  return m.slice(s);
}

template <class T, std::size_t N, rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -static_cast<std::int64_t>(N) &&
           K.i < static_cast<std::int64_t>(N))
inline rt::ndarray<T, N> flip(const rt::ndarray<T, N>& m, rt::lit<K>) {
  constexpr std::size_t ax = K.i < 0 ? static_cast<std::size_t>(K.i + static_cast<std::int64_t>(N)) : static_cast<std::size_t>(K.i);
  return m.slice(ax, rt::slice{std::nullopt, std::nullopt, -1});
}

}  // namespace oplib::numpy
