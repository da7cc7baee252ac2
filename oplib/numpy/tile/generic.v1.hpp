// op: numpy.tile
// sig: ndarray[float64,1], int -> ndarray[float64,1]
// sig: ndarray[float64,2], int -> ndarray[float64,2]
// sig: ndarray[float64,1], tuple[int,int] -> ndarray[float64,2]
// sig: ndarray[float64,2], tuple[int,int] -> ndarray[float64,2]
// sig: ndarray[int64,2], tuple[int,int] -> ndarray[int64,2]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 12}
// note: np.tile(A, reps) with an int or a tuple of ints: the rank is the larger of A.ndim and len(reps) (the shorter padded with leading 1s), axis k of the result is A's repeated reps[k] times whole; a fresh C-ordered array; a negative rep raises numpy's ValueError (an empty A is reshaped as numpy reshapes it). The domain keeps reps small (array elements are copied, never computed with)
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>

namespace oplib::numpy {
namespace detail_numpy_tile {
template <class T, std::size_t N, std::size_t D>
rt::ndarray<T, std::max(N, D)> tile(const rt::ndarray<T, N>& a, const std::array<std::int64_t, D>& given) {
  constexpr std::size_t M = std::max(N, D);
  rt::shape_t<M> dims, reps, shape;
  dims.fill(1);
  reps.fill(1);
  for (std::size_t k = 0; k < N; ++k) dims[M - N + k] = a.shape(k);
  for (std::size_t k = 0; k < D; ++k) reps[M - D + k] = given[k];
  for (std::size_t k = 0; k < M; ++k) shape[k] = dims[k] * reps[k];
  // numpy repeats only a non-empty array (refusing a negative rep); an empty one is reshaped to the product shape
  if (a.size() == 0) return rt::ndarray<T, 1>::empty({0}).template reshape<M>(shape);
  for (std::int64_t r : reps)
    if (r < 0) throw rt::ValueError("negative dimensions are not allowed");
  // A as (1, d0, 1, d1, ...) broadcast to (r0, d0, r1, d1, ...) is the tiling; its copy, reshaped, the result
  rt::shape_t<2 * M> lifted, spread;
  for (std::size_t k = 0; k < M; ++k) {
    lifted[2 * k] = 1;
    lifted[2 * k + 1] = spread[2 * k + 1] = dims[k];
    spread[2 * k] = reps[k];
  }
  return a.template reshape<2 * M>(lifted).template broadcast_to<2 * M>(spread).copy().template reshape<M>(shape);
}
}  // namespace detail_numpy_tile

template <class T, std::size_t N>
  requires(N >= 1)
rt::ndarray<T, N> tile(const rt::ndarray<T, N>& a, std::int64_t reps) {
  return detail_numpy_tile::tile<T, N, 1>(a, {reps});
}

template <class T, std::size_t N, class... R>
  requires(N >= 1 && sizeof...(R) >= 1 && (std::is_same_v<R, std::int64_t> && ...))
rt::ndarray<T, std::max(N, sizeof...(R))> tile(const rt::ndarray<T, N>& a, const std::tuple<R...>& reps) {
  return detail_numpy_tile::tile<T, N, sizeof...(R)>(a, std::apply([](auto... r) { return std::array<std::int64_t, sizeof...(R)>{r...}; }, reps));
}

}  // namespace oplib::numpy
