// op: numpy.expand_dims
// sig: ndarray[float64,1], Literal[0] -> ndarray[float64,2]
// sig: ndarray[float64,1], Literal[1] -> ndarray[float64,2]
// sig: ndarray[float64,1], Literal[-1] -> ndarray[float64,2]
// sig: ndarray[int64,1], Literal[0] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// note: a view with a new length-1 axis (its stride is irrelevant)
#include <cstdint>
namespace oplib::numpy {

template <class T, rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> expand_dims(const rt::ndarray<T, 1>& a, rt::lit<K>) {
  constexpr int ax = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const std::int64_t n = a.shape(0);
  // a[None, :] / a[:, None]: the same elements through a broadcast-free view
  auto two = ax == 0 ? rt::shape_t<2>{1, n} : rt::shape_t<2>{n, 1};
  return a.reshape(two);
}

}  // namespace oplib::numpy
