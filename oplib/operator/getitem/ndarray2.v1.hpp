// op: operator.getitem
// sig: ndarray[float64,2], tuple[int,int] -> float64
// sig: ndarray[int64,2], tuple[int,int] -> int64
// generic: yes
// tolerance: exact
// note: a[i, j] on a 2-D array gives a numpy scalar copy; negative indices count from the end, IndexError out of bounds (strided views respected)
namespace oplib::operator_ {
template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, int64_t>)
inline rt::np_scalar<T> getitem(const rt::ndarray<T, 2>& a, const std::tuple<int64_t, int64_t>& b) {
  return rt::np_scalar<T>(a.at(std::get<0>(b), std::get<1>(b)));
}
}  // namespace oplib::operator_
