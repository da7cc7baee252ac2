// op: opsynth.ops.setindex
// generic: yes
// tolerance: exact
// note: a[index] = value for a basic index: the view rt::basic_view makes, then rt::assign_scalar of a number (rt::is_array_number: a Python int or float, or a numpy scalar of a's dtype) or rt::assign_array of an array of a's dtype (broadcast as numpy's setitem broadcasts, numpy's ValueError on a mismatch, read from a copy when it shares a's buffer); ValueError on a read-only array
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::opsynth::ops {
namespace detail_setindex {
template <class V>
inline constexpr bool is_array = false;
template <class U, std::size_t M>
inline constexpr bool is_array<rt::ndarray<U, M>> = true;
}  // namespace detail_setindex

template <class T, std::size_t N, class... E, class V>
  requires(rt::index_is_valid<N, rt::index_part_t<E>...> &&
           (rt::is_array_number<T, V> || (detail_setindex::is_array<V> && std::is_same_v<typename V::value_type, T>)))
inline rt::none setindex(const rt::ndarray<T, N>& a, const std::tuple<E...>& index, const V& value) {
  if (!a.writeable()) throw rt::ValueError("assignment destination is read-only");  // numpy checks before the index
  const auto view = std::apply([&](const E&... e) { return rt::basic_view(a, rt::index_part(e)...); }, index);
  if constexpr (detail_setindex::is_array<V>) {
    rt::assign_array(view, value);
  } else {
    rt::assign_scalar(view, rt::array_number<T>(value));
  }
  return rt::None;
}
}  // namespace oplib::opsynth::ops
