// op: opsynth.ops.meshgrid
// generic: yes
// tolerance: exact
// note: np.meshgrid(x1, ..., xK, indexing=I, sparse=S, copy=True) of 1-D arrays of one dtype, the keyword-only parameters passed first: a list of K fresh C-ordered arrays, array k holding xk along its axis (axis k, or with indexing='xy' the first two axes swapped); dense arrays broadcast to the full shape, sparse ones of length 1 on every other axis
#include <array>
#include <cstddef>
#include <vector>

namespace oplib::opsynth::ops {

template <class Indexing, class Sparse, class T, class... More>
  requires(Indexing::is_str && (Indexing::as_str() == "xy" || Indexing::as_str() == "ij") && Sparse::is_bool &&
           (std::is_same_v<More, rt::ndarray<T, 1>> && ...))
rt::list<rt::ndarray<T, 1 + sizeof...(More)>> meshgrid(Indexing, Sparse, rt::lit<true>, const rt::ndarray<T, 1>& x,
                                                       const More&... more) {
  constexpr std::size_t K = 1 + sizeof...(More);
  constexpr bool xy = Indexing::as_str() == "xy";
  const std::array<rt::ndarray<T, 1>, K> inputs{x, more...};
  // 'xy' puts the first input along axis 1 and the second along axis 0
  const auto axis_of = [](std::size_t k) { return xy && K >= 2 && k < 2 ? 1 - k : k; };
  rt::shape_t<K> shape;
  for (std::size_t k = 0; k < K; ++k) shape[axis_of(k)] = inputs[k].shape(0);
  std::vector<rt::ndarray<T, K>> grids;
  for (std::size_t k = 0; k < K; ++k) {
    rt::shape_t<K> along;
    along.fill(1);
    along[axis_of(k)] = inputs[k].shape(0);
    const auto line = inputs[k].template reshape<K>(along);
    if constexpr (Sparse::as_bool()) grids.push_back(line.copy());
    else grids.push_back(line.template broadcast_to<K>(shape).copy());
  }
  return rt::list<rt::ndarray<T, K>>(grids);
}

}  // namespace oplib::opsynth::ops
