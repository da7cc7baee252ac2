// op: operator.getitem
// sig: ndarray[float64,1], int -> float64
// sig: ndarray[int64,1], int -> int64
// generic: yes
// tolerance: exact
// domain: {"int_min": -12, "int_max": 12}
// note: a[i] on a 1-D array gives a numpy scalar copy; negative index from the end, IndexError out of bounds (strided views respected)
namespace oplib::operator_ {
template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, int64_t>)
inline rt::np_scalar<T> getitem(const rt::ndarray<T, 1>& a, int64_t b) {
  return rt::np_scalar<T>(a.at(b));
}
}  // namespace oplib::operator_
