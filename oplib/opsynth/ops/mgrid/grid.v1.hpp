// op: opsynth.ops.mgrid
// generic: yes
// tolerance: exact
// note: np.mgrid[index] over int slices (the compiler passes each as its (start, stop, step) tuple): one slice is np.arange(start, stop, step) (rt::grid_arange), K >= 2 slices the dense grid of shape (K, n1, ..., nK) with n_k = ceil((stop - start) / step) in float arithmetic (rt::mgrid), with nd_grid's errors: AttributeError for a missing stop, ZeroDivisionError for a step of 0, ValueError for a negative count
#include <array>
#include <cstddef>
#include <tuple>

namespace oplib::opsynth::ops {

template <class S>
inline rt::ndarray<std::int64_t, 1> mgrid(const std::tuple<S>& index) {
  return rt::grid_arange(rt::index_part(std::get<0>(index)));
}

template <class S1, class S2, class... More>
inline rt::ndarray<std::int64_t, 3 + sizeof...(More)> mgrid(const std::tuple<S1, S2, More...>& index) {
  return std::apply(
      [](const auto&... s) { return rt::mgrid(std::array<rt::slice, 2 + sizeof...(More)>{rt::index_part(s)...}); },
      index);
}

}  // namespace oplib::opsynth::ops
