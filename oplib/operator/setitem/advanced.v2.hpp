// op: operator.setitem
// sig: ndarray[float64,1], ndarray[bool,1], float -> None
// generic: yes
// tolerance: exact
// note: numpy's advanced assignment with one array as the index, in place: a[mask] = v over a bool array covering a's first K axes and a[idx] = v over an int64 array naming rows of a's first axis (negative from the end, IndexError out of range, a repeated row keeps the value numpy keeps: rt::write_order::numpy walks a 1-D a's positions in numpy's iterator order over idx and v, whatever their layouts). v is a number of a's kind (rt::is_array_number) or an array of a's dtype: a mask over every axis takes one value or one per true position (copied first when it shares a's buffer; numpy's ValueError/TypeError otherwise), else v broadcasts to the indexing result (numpy's shape-mismatch ValueError) and is read position by position without a copy, as numpy does; ValueError on a read-only array
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace oplib::operator_ {
namespace detail_setitem_advanced {
template <class I>
inline constexpr bool is_index_array = false;
template <std::size_t K>
inline constexpr bool is_index_array<rt::ndarray<bool, K>> = true;
template <std::size_t K>
inline constexpr bool is_index_array<rt::ndarray<std::int64_t, K>> = true;

template <class V, class T>
inline constexpr bool is_values = false;
template <class T, std::size_t M>
inline constexpr bool is_values<rt::ndarray<T, M>, T> = true;

template <class T, std::size_t N, class I, class V>
void assign(const rt::ndarray<T, N>& a, const I& index, const V& v) {
  if constexpr (std::is_same_v<typename I::value_type, bool>) rt::mask_assign(a, index, v);
  else if constexpr (is_values<V, T>) rt::rows_assign<rt::write_order::numpy>(a, index, v);
  else rt::rows_assign(a, index, v);  // one number everywhere: the order cannot show
}
}  // namespace detail_setitem_advanced

template <class T, std::size_t N, class I, class V>
  requires(N >= 1 && detail_setitem_advanced::is_index_array<I> &&
           (!std::is_same_v<typename I::value_type, bool> || (I::rank >= 1 && I::rank <= N)) &&
           (rt::is_array_number<T, V> || detail_setitem_advanced::is_values<V, T>))
rt::none setitem(const rt::ndarray<T, N>& a, const I& index, const V& v) {
  if constexpr (rt::is_array_number<T, V>) detail_setitem_advanced::assign(a, index, rt::array_number<T>(v));
  else detail_setitem_advanced::assign(a, index, v);
  return rt::None;
}
}  // namespace oplib::operator_
