// op: operator.gt
// sig: ndarray[float64,1], float -> ndarray[bool,1]
// sig: ndarray[float64,2], float -> ndarray[bool,2]
// generic: yes
// tolerance: exact
// note: an array against a Python float: numpy's elementwise IEEE comparison of each float64 element with the float (NaN unordered, -0.0 == 0.0); a fresh C-contiguous bool array of the array's shape
namespace oplib::operator_ {
template <std::size_t N>
inline rt::ndarray<bool, N> gt(const rt::ndarray<double, N>& a, double b) {
  auto out = rt::ndarray<bool, N>::empty(a.shape());
  bool* o = out.data();
  a.for_each([&](double v) { *o++ = v > b; });
  return out;
}
}  // namespace oplib::operator_
