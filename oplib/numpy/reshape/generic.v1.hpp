// op: numpy.reshape
// sig: ndarray[float64,1], tuple[int,int] -> ndarray[float64,2]
// sig: ndarray[float64,2], tuple[int,int] -> ndarray[float64,2]
// sig: ndarray[float64,2], int -> ndarray[float64,1]
// sig: ndarray[int64,1], tuple[int,int] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// domain: {"int_min": -1, "int_max": 8}
// note: a view when numpy gives one (rt reshape), one -1 resolved, size mismatches raise ValueError; ints near the array sizes so shapes fit often
#include <cstdint>
#include <tuple>
namespace oplib::numpy {

template <class T, std::size_t N>
inline rt::ndarray<T, 2> reshape(const rt::ndarray<T, N>& a, const std::tuple<std::int64_t, std::int64_t>& newshape) {
  return a.reshape(rt::shape_t<2>{std::get<0>(newshape), std::get<1>(newshape)});
}

template <class T, std::size_t N>
inline rt::ndarray<T, 1> reshape(const rt::ndarray<T, N>& a, std::int64_t newshape) {
  return a.reshape(rt::shape_t<1>{newshape});
}

}  // namespace oplib::numpy
