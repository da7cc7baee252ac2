// op: opsynth.ops.getindex
// generic: yes
// tolerance: exact
// note: a[index] with an int64 or bool array among ints, slices, None and ...: numpy's advanced indexing as rt::advanced_index, a new array laid out as numpy lays it out (rt::write_order::numpy: in the index arrays' iterator order when no subspace is selected, so a later write through it keeps what numpy keeps) (masks stand for their nonzero() arrays; ints beside an array are 0-d advanced indices; the arrays broadcast together and their axes take the advanced parts' place when those are adjacent, else come first); numpy's IndexError for a mask of another shape, an index out of range or arrays that do not broadcast
#include <cstddef>
#include <tuple>

namespace oplib::opsynth::ops {
template <class T, std::size_t N, class... E>
  requires(rt::advanced_index_is_valid<N, rt::advanced_part_t<E>...>)
inline auto getindex(const rt::ndarray<T, N>& a, const std::tuple<E...>& index) {
  return std::apply([&](const E&... e) { return rt::advanced_index<rt::write_order::numpy>(a, rt::advanced_part(e)...); }, index);
}
}  // namespace oplib::opsynth::ops
