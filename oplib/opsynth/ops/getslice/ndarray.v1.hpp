// op: opsynth.ops.getslice
// sig: ndarray[int64,1], None, int, None -> ndarray[int64,1]
// sig: ndarray[float64,1], int, int, None -> ndarray[float64,1]
// sig: ndarray[float64,1], None, None, int -> ndarray[float64,1]
// sig: ndarray[float64,2], int, None, None -> ndarray[float64,2]
// generic: yes
// note: a[start:stop:step] on an array slices its first axis into a view (numpy's basic slicing, the same index rules as lists); step 0 raises ValueError
#include <cstdint>
#include <optional>

namespace oplib::opsynth::ops {
namespace detail_getslice_ndarray {
inline std::optional<std::int64_t> bound(rt::none) { return std::nullopt; }
inline std::optional<std::int64_t> bound(std::int64_t v) { return v; }
}  // namespace detail_getslice_ndarray

template <class T, std::size_t N, class A, class B, class C>
  requires(N >= 1)
inline rt::ndarray<T, N> getslice(const rt::ndarray<T, N>& a, A start, B stop, C step) {
  using detail_getslice_ndarray::bound;
  return a.slice(0, rt::slice{bound(start), bound(stop), bound(step)});
}
}  // namespace oplib::opsynth::ops
