// op: opsynth.ops.setindex
// generic: yes
// tolerance: exact
// note: a[index] = value with an int64 or bool array among ints, slices, None and ...: rt::advanced_assign, the positions numpy's advanced indexing selects written in numpy's order (rt::write_order::numpy: C order when a subspace is selected, else its iterator's KEEPORDER walk over the index arrays and the value, so a repeated position keeps the value numpy keeps whatever their layouts), a number (rt::is_array_number) into each, or an array of a's dtype broadcast to the indexing result's shape (numpy's ValueError when it does not), read as it is written, as numpy's mapiter does (no copy when it shares a's buffer, so a later position may read what an earlier one wrote); ValueError on a read-only array
#include <cstddef>
#include <tuple>
#include <type_traits>

namespace oplib::opsynth::ops {
template <class T, std::size_t N, class... E, class V>
  requires(rt::advanced_index_is_valid<N, rt::advanced_part_t<E>...> &&
           (rt::is_array_number<T, V> || std::is_same_v<V, rt::ndarray<T, V::ndim()>>))
inline rt::none setindex(const rt::ndarray<T, N>& a, const std::tuple<E...>& index, const V& value) {
  std::apply(
      [&](const E&... e) {
        if constexpr (rt::is_array_number<T, V>) {
          rt::advanced_assign<rt::write_order::numpy>(a, rt::array_number<T>(value), rt::advanced_part(e)...);
        } else {
          rt::advanced_assign<rt::write_order::numpy>(a, value, rt::advanced_part(e)...);
        }
      },
      index);
  return rt::None;
}
}  // namespace oplib::opsynth::ops
