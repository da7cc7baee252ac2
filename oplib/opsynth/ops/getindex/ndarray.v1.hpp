// op: opsynth.ops.getindex
// generic: yes
// tolerance: exact
// note: a[index] with slices, None and ... among ints: numpy's basic indexing as rt::basic_index, a view sharing a's buffer (the element, a numpy scalar, when ints index every axis); IndexError for an int out of range, ValueError for a slice step of 0
#include <cstddef>
#include <tuple>

namespace oplib::opsynth::ops {
template <class T, std::size_t N, class... E>
  requires(rt::index_is_valid<N, rt::index_part_t<E>...>)
inline auto getindex(const rt::ndarray<T, N>& a, const std::tuple<E...>& index) {
  return std::apply([&](const E&... e) { return rt::basic_index(a, rt::index_part(e)...); }, index);
}
}  // namespace oplib::opsynth::ops
