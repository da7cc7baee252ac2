// op: operator.setitem
// sig: ndarray[float64,1], ndarray[bool,1], float -> None
// generic: yes
// tolerance: exact
// note: numpy's advanced assignment with one array as the index, in place: a[mask] = v over a bool array covering a's first K axes and a[idx] = v over an int64 array naming rows of a's first axis (negative from the end, IndexError out of range, a repeated row keeps the value numpy keeps: rt::write_order::numpy walks a 1-D a's positions in numpy's iterator order over idx and v, whatever their layouts). v is a number of a's kind (rt::is_array_number) or an array of a's dtype: a mask over every axis takes one value or one per true position (numpy's ValueError/TypeError otherwise); over a 1-D a, as numpy 1.24's 1-D path writes them: each run of consecutive true positions is one transfer, a memmove when a and v both step one element (so an overlapping v reads as copied within the run) and element by element otherwise (so a v that overlaps a, such as a[::-1], may read what an earlier position wrote); deeper masks copy a v that shares a's buffer first, else v broadcasts to the indexing result (numpy's shape-mismatch ValueError) and is read position by position without a copy, as numpy does; ValueError on a read-only array
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
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

// a[mask] = v over a 1-D a, as numpy 1.24's 1-D boolean assignment does it: runs of consecutive true
// positions, each one transfer from v (memmove when both step one element, else element by element).
template <class T>
void mask_assign_1d(const rt::ndarray<T, 1>& a, const rt::ndarray<bool, 1>& mask, const rt::ndarray<T, 1>& values) {
  if (!a.writeable()) throw rt::ValueError("assignment destination is read-only");
  const auto offsets = rt::detail::mask_offsets(a, mask);
  const auto count = static_cast<std::int64_t>(offsets.size());
  const std::int64_t n = values.size();
  if (n != 1 && n != count) {
    throw rt::ValueError("NumPy boolean array indexing assignment cannot assign " + std::to_string(n) +
                         " input values to the " + std::to_string(count) + " output values where the mask is true");
  }
  T* base = const_cast<T*>(a.data());
  const T* src = values.data();
  const std::int64_t vs = n == 1 ? 0 : values.strides()[0], as = a.strides()[0];
  for (std::int64_t j = 0; j < count;) {
    std::int64_t run = 1;
    while (j + run < count && offsets[static_cast<std::size_t>(j + run)] == offsets[static_cast<std::size_t>(j + run - 1)] + as)
      ++run;
    T* dst = base + offsets[static_cast<std::size_t>(j)];
    if (as == 1 && vs == 1) {
      std::memmove(static_cast<void*>(dst), src + j, static_cast<std::size_t>(run) * sizeof(T));
    } else {
      for (std::int64_t k = 0; k < run; ++k) dst[k * as] = src[(j + k) * vs];
    }
    j += run;
  }
}

template <class T, std::size_t N, class I, class V>
void assign(const rt::ndarray<T, N>& a, const I& index, const V& v) {
  if constexpr (std::is_same_v<typename I::value_type, bool> && N == 1 && std::is_same_v<V, rt::ndarray<T, 1>>)
    mask_assign_1d(a, index, v);
  else if constexpr (std::is_same_v<typename I::value_type, bool>) rt::mask_assign(a, index, v);
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
