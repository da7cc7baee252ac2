// op: operator.getitem
// sig: ndarray[float64,1], ndarray[bool,1] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: numpy's advanced indexing with one array, a copy: a[mask] with a bool array over a's first K axes (the true positions in C order, each with a's remaining axes: rank N - K + 1; IndexError when the mask's shape is not a's leading shape) and a[idx] with an int64 array of any rank (the rows of a's first axis it names, shaped idx.shape + a.shape[1:], for a 1-D a laid out in idx's iterator order as numpy lays it out; negative from the end; IndexError out of range)
#include <cstddef>
#include <cstdint>

namespace oplib::operator_ {
template <class T, std::size_t N, std::size_t K>
  requires(K >= 1 && K <= N)
rt::ndarray<T, N - K + 1> getitem(const rt::ndarray<T, N>& a, const rt::ndarray<bool, K>& mask) {
  return rt::mask_select(a, mask);
}
template <class T, std::size_t N, std::size_t K>
  requires(N >= 1)
rt::ndarray<T, K + N - 1> getitem(const rt::ndarray<T, N>& a, const rt::ndarray<std::int64_t, K>& idx) {
  return rt::take_rows<rt::write_order::numpy>(a, idx);
}
}  // namespace oplib::operator_
