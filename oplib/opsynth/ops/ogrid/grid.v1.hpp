// op: opsynth.ops.ogrid
// generic: yes
// tolerance: exact
// note: np.ogrid[index] over int slices (the compiler passes each as its (start, stop, step) tuple): one slice is np.arange(start, stop, step) (rt::grid_arange), K >= 2 slices a list of K arrays, array k holding its n_k = ceil((stop - start) / step) points (float arithmetic) along axis k and length 1 on the others (rt::ogrid; a negative count gives none), with nd_grid's errors: AttributeError for a missing stop, ZeroDivisionError for a step of 0
#include <array>
#include <cstddef>
#include <tuple>

namespace oplib::opsynth::ops {

template <class S>
inline rt::ndarray<std::int64_t, 1> ogrid(const std::tuple<S>& index) {
  return rt::grid_arange(rt::index_part(std::get<0>(index)));
}

template <class S1, class S2, class... More>
inline rt::list<rt::ndarray<std::int64_t, 2 + sizeof...(More)>> ogrid(const std::tuple<S1, S2, More...>& index) {
  return std::apply(
      [](const auto&... s) { return rt::ogrid(std::array<rt::slice, 2 + sizeof...(More)>{rt::index_part(s)...}); },
      index);
}

}  // namespace oplib::opsynth::ops
