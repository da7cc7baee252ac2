// op: numpy.reshape
// sig: ndarray[float64,2], tuple[int,int,int,int] -> ndarray[float64,4]
// generic: yes
// tolerance: exact
// note: v2: np.reshape(a, shape) / a.reshape(shape) to any rank, the shape a tuple of ints or one int: a view when numpy gives one (rt reshape), one -1 resolved, size mismatches raise numpy's ValueError
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::numpy {
template <class T, std::size_t N, class... I>
  requires(sizeof...(I) >= 1 && (std::is_same_v<I, std::int64_t> && ...))
inline rt::ndarray<T, sizeof...(I)> reshape(const rt::ndarray<T, N>& a, const std::tuple<I...>& newshape) {
  return a.reshape(std::apply([](auto... d) { return rt::shape_t<sizeof...(I)>{d...}; }, newshape));
}

template <class T, std::size_t N>
inline rt::ndarray<T, 1> reshape(const rt::ndarray<T, N>& a, std::int64_t newshape) {
  return a.reshape(rt::shape_t<1>{newshape});
}
}  // namespace oplib::numpy
