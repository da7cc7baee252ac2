// op: operator.setitem
// sig: ndarray[float64,1], int, float -> None
// sig: ndarray[float64,2], tuple[int,int], float -> None
// sig: ndarray[float64,1], int, float64 -> None
// sig: ndarray[float64,2], tuple[int,int], float64 -> None
// generic: yes
// tolerance: exact
// note: a[i] = v / a[i, j] = v writes one element in place (every view of the buffer sees it); negative indices from the end, IndexError out of bounds, ValueError on a read-only array
namespace oplib::operator_ {
template <class T, class V>
  requires(std::is_same_v<T, double> && (std::is_same_v<V, double> || std::is_same_v<V, rt::float64>))
inline rt::none setitem(const rt::ndarray<T, 1>& a, int64_t i, V v) {
  if (!a.writeable()) throw rt::ValueError("assignment destination is read-only");
  rt::ndarray<T, 1> w = a;
  if constexpr (std::is_same_v<V, double>) w.at(i) = v;
  else w.at(i) = v.value;
  return rt::None;
}
template <class T, class V>
  requires(std::is_same_v<T, double> && (std::is_same_v<V, double> || std::is_same_v<V, rt::float64>))
inline rt::none setitem(const rt::ndarray<T, 2>& a, const std::tuple<int64_t, int64_t>& ij, V v) {
  if (!a.writeable()) throw rt::ValueError("assignment destination is read-only");
  rt::ndarray<T, 2> w = a;
  if constexpr (std::is_same_v<V, double>) w.at(std::get<0>(ij), std::get<1>(ij)) = v;
  else w.at(std::get<0>(ij), std::get<1>(ij)) = v.value;
  return rt::None;
}
}  // namespace oplib::operator_
