// op: numpy.meshgrid
// sig: ndarray[float64,1], ndarray[float64,1] -> list[ndarray[float64,2]]
// sig: ndarray[int64,1], ndarray[int64,1] -> list[ndarray[int64,2]]
// sig: ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> list[ndarray[float64,3]]
// generic: yes
// tolerance: exact
// note: np.meshgrid(x1, ..., xK) of 1-D arrays of one dtype with the defaults (indexing='xy', copy=True, sparse=False): a list of K fresh C-ordered arrays of shape (len(x2), len(x1), len(x3), ...), array k holding xk along its axis (the first two axes swapped, as 'xy' does)
#include <cstddef>
#include <cstdint>
#include <tuple>

namespace oplib::numpy {

template <class T, class... More>
  requires((std::is_same_v<More, rt::ndarray<T, 1>> && ...))
rt::list<rt::ndarray<T, 1 + sizeof...(More)>> meshgrid(const rt::ndarray<T, 1>& x, const More&... more) {
  constexpr std::size_t K = 1 + sizeof...(More);
  const std::array<rt::ndarray<T, 1>, K> inputs{x, more...};
  // 'xy' indexing puts the first input along axis 1 and the second along axis 0
  const auto axis_of = [](std::size_t k) { return K >= 2 && k < 2 ? 1 - k : k; };
  rt::shape_t<K> shape;
  for (std::size_t k = 0; k < K; ++k) shape[axis_of(k)] = inputs[k].shape(0);
  std::vector<rt::ndarray<T, K>> grids;
  for (std::size_t k = 0; k < K; ++k) {
    rt::shape_t<K> along;
    along.fill(1);
    along[axis_of(k)] = inputs[k].shape(0);
    grids.push_back(inputs[k].template reshape<K>(along).template broadcast_to<K>(shape).copy());
  }
  return rt::list<rt::ndarray<T, K>>(grids);
}

}  // namespace oplib::numpy
