// op: numpy.squeeze
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,1]
// sig: ndarray[int64,2], Literal[0] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: a view without the length-1 axis; any other length raises numpy's ValueError
#include <cstdint>
namespace oplib::numpy {

template <class T, rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 1> squeeze(const rt::ndarray<T, 2>& a, rt::lit<K>) {
  constexpr int ax = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  if (a.shape(ax) != 1) throw rt::ValueError("cannot select an axis to squeeze out which has size not equal to one");
  return a.reshape(rt::shape_t<1>{a.shape(1 - ax)});
}

}  // namespace oplib::numpy
