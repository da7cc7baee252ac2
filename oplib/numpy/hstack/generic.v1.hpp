// op: numpy.hstack
// generic: yes
// tolerance: exact
// note: np.hstack of a tuple of arrays of one dtype and rank: 1-D arrays join end to end, 2-D ones side by side (axis 1); a fresh C-ordered array; numpy's ValueError when the other axis differs
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

namespace oplib::numpy {
namespace detail_numpy_hstack {
// np.concatenate(parts, axis=ax) for arrays of one rank: every other axis must match the first array's.
template <class T, std::size_t N>
rt::ndarray<T, N> join(const std::vector<rt::ndarray<T, N>>& parts, std::size_t ax) {
  rt::shape_t<N> shape = parts[0].shape();
  shape[ax] = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::size_t k = 0; k < N; ++k) {
      if (k != ax && parts[i].shape(k) != parts[0].shape(k)) {
        throw rt::ValueError("all the input array dimensions except for the concatenation axis must match exactly, but "
                             "along dimension " + std::to_string(k) + ", the array at index 0 has size " +
                             std::to_string(parts[0].shape(k)) + " and the array at index " + std::to_string(i) +
                             " has size " + std::to_string(parts[i].shape(k)));
      }
    }
    shape[ax] += parts[i].shape(ax);
  }
  auto out = rt::ndarray<T, N>::empty(shape);
  std::int64_t at = 0;
  for (const auto& p : parts) {
    out.slice(ax, rt::slice{at, at + p.shape(ax), 1}).assign(p);
    at += p.shape(ax);
  }
  return out;
}
}  // namespace detail_numpy_hstack

template <class T, std::size_t N, class... More>
  requires(N >= 1 && N <= 2 && (std::is_same_v<More, rt::ndarray<T, N>> && ...))
rt::ndarray<T, N> hstack(const std::tuple<rt::ndarray<T, N>, More...>& arrays) {
  const std::vector<rt::ndarray<T, N>> parts = std::apply([](const auto&... a) { return std::vector<rt::ndarray<T, N>>{a...}; }, arrays);
  return detail_numpy_hstack::join<T, N>(parts, N == 1 ? 0 : 1);
}

}  // namespace oplib::numpy
