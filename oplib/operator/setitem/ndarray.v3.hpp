// op: operator.setitem
// sig: ndarray[float64,2], tuple[int,int], int -> None
// generic: yes
// tolerance: exact
// note: a[i] = v / a[i, j, ...] = v writes one element in place (every view of the buffer sees it), for float64, int64 and bool arrays of any rank and any real value; the index is checked first, then the value converts as numpy converts it: into float64 to the nearest double, into bool as v != 0 (NaN is True), into int64 truncated toward zero with NaN a ValueError and inf or a value beyond int64 an OverflowError; negative indices from the end, IndexError out of bounds, ValueError on a read-only array
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::operator_::detail_setitem_ndarray {
template <class T>
concept element = std::is_same_v<T, double> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, bool>;

template <class V>
struct real : std::bool_constant<std::is_arithmetic_v<V>> {};
template <class V>
struct real<rt::np_scalar<V>> : std::bool_constant<std::is_arithmetic_v<V>> {};

template <class V>
auto raw(const V& v) {
  if constexpr (std::is_arithmetic_v<V>) return v;
  else return v.value;
}

template <class T, class V>
T element_from(const V& given) {
  const auto v = raw(given);
  using R = decltype(v);
  if constexpr (std::is_same_v<T, bool>) {
    return v != R{};
  } else if constexpr (std::is_same_v<T, double>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_floating_point_v<R>) {
    const double d = static_cast<double>(v);
    if (std::isnan(d)) throw rt::ValueError("cannot convert float NaN to integer");
    if (std::isinf(d)) throw rt::OverflowError("cannot convert float infinity to integer");
    const double t = std::trunc(d);
    constexpr double lo = -9223372036854775808.0;  // -2^63 and 2^63, exact
    if (!(t >= lo && t < -lo)) throw rt::OverflowError("Python int too large to convert to C long");
    return static_cast<std::int64_t>(t);
  } else {
    return static_cast<std::int64_t>(v);
  }
}

template <class T, std::size_t N>
rt::ndarray<T, N> writable(const rt::ndarray<T, N>& a) {
  if (!a.writeable()) throw rt::ValueError("assignment destination is read-only");
  return a;  // shares the buffer
}
}  // namespace oplib::operator_::detail_setitem_ndarray

namespace oplib::operator_ {
template <class T, class V>
  requires detail_setitem_ndarray::element<T> && detail_setitem_ndarray::real<V>::value
inline rt::none setitem(const rt::ndarray<T, 1>& a, std::int64_t i, const V& v) {
  auto w = detail_setitem_ndarray::writable(a);
  T& slot = w.at(i);  // numpy checks the index before it converts the value
  slot = detail_setitem_ndarray::element_from<T>(v);
  return rt::None;
}
template <class T, std::size_t N, class... I, class V>
  requires detail_setitem_ndarray::element<T> && detail_setitem_ndarray::real<V>::value && (sizeof...(I) == N) &&
           (std::is_same_v<I, std::int64_t> && ...)
inline rt::none setitem(const rt::ndarray<T, N>& a, const std::tuple<I...>& index, const V& v) {
  auto w = detail_setitem_ndarray::writable(a);
  T& slot = std::apply([&](auto... k) -> T& { return w.at(k...); }, index);
  slot = detail_setitem_ndarray::element_from<T>(v);
  return rt::None;
}
}  // namespace oplib::operator_
