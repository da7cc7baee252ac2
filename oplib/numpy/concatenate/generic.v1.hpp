// op: numpy.concatenate
// sig: tuple[ndarray[float64,1],ndarray[float64,1]] -> ndarray[float64,1]
// sig: tuple[ndarray[float64,2],ndarray[float64,2]] -> ndarray[float64,2]
// sig: tuple[ndarray[float64,2],ndarray[float64,2]], Literal[1] -> ndarray[float64,2]
// sig: tuple[ndarray[int64,1],ndarray[int64,1]] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: a fresh C-ordered array; the other axis must match or numpy's ValueError is raised
#include <cstdint>
#include <string>
#include <tuple>
namespace oplib::numpy {

template <class T>
inline rt::ndarray<T, 1> concatenate(const std::tuple<rt::ndarray<T, 1>, rt::ndarray<T, 1>>& arrays) {
  const auto& a = std::get<0>(arrays);
  const auto& b = std::get<1>(arrays);
  auto out = rt::ndarray<T, 1>::empty({a.shape(0) + b.shape(0)});
  T* o = out.data();
  a.for_each([&](const T& v) { *o++ = v; });
  b.for_each([&](const T& v) { *o++ = v; });
  return out;
}

template <class T, rt::literal K = 0>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<T, 2> concatenate(const std::tuple<rt::ndarray<T, 2>, rt::ndarray<T, 2>>& arrays, rt::lit<K> = {}) {
  constexpr int ax = K.i < 0 ? static_cast<int>(K.i) + 2 : static_cast<int>(K.i);
  const auto& a = std::get<0>(arrays);
  const auto& b = std::get<1>(arrays);
  if (a.shape(1 - ax) != b.shape(1 - ax)) {
    throw rt::ValueError("all the input array dimensions except for the concatenation axis must match exactly, but "
                         "along dimension " + std::to_string(1 - ax) + ", the array at index 0 has size " +
                         std::to_string(a.shape(1 - ax)) + " and the array at index 1 has size " +
                         std::to_string(b.shape(1 - ax)));
  }
  rt::shape_t<2> shape = a.shape();
  shape[ax] += b.shape(ax);
  auto out = rt::ndarray<T, 2>::empty(shape);
  for (std::int64_t i = 0; i < a.shape(0); ++i)
    for (std::int64_t j = 0; j < a.shape(1); ++j) out(i, j) = a(i, j);
  const std::int64_t di = ax == 0 ? a.shape(0) : 0, dj = ax == 1 ? a.shape(1) : 0;
  for (std::int64_t i = 0; i < b.shape(0); ++i)
    for (std::int64_t j = 0; j < b.shape(1); ++j) out(i + di, j + dj) = b(i, j);
  return out;
}

}  // namespace oplib::numpy
