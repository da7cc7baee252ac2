// op: operator.getitem
// sig: ndarray[float64,2], int -> ndarray[float64,1]
// sig: ndarray[int64,2], int -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: a[i] on a 2-D array is a view of row i sharing the buffer (writes through it are seen by a); negative i from the end, IndexError out of bounds
namespace oplib::operator_ {
template <class T>
  requires(std::is_same_v<T, double> || std::is_same_v<T, int64_t>)
inline rt::ndarray<T, 1> getitem(const rt::ndarray<T, 2>& a, int64_t i) {
  return a.getitem(i);
}
}  // namespace oplib::operator_
