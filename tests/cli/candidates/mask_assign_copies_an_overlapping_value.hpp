// op: operator.setitem
// sig: ndarray[float64,1], ndarray[bool,1], ndarray[float64,1] -> None
// expect: FAIL
// flags: --cases 10000
// why: copies a value that shares a's buffer before writing (operator.setitem advanced v2, accepted before
//      arguments were drawn as views of each other); numpy 1.24 writes a[mask] = a[::-1] element by element
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
