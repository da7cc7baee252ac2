// op: operator.iadd
// sig: ndarray[float64,1], ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// sig: ndarray[float64,2], ndarray[float64,1] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a += b on float64 arrays: b broadcast to a's shape (ValueError otherwise), read from a copy when it shares a's memory as numpy's buffering does, one IEEE addition per element written into a; returns a itself
#include <cstddef>
#include <cstdint>
#include <vector>

namespace oplib::operator_ {
template <std::size_t N, std::size_t M>
inline rt::ndarray<double, N> iadd(const rt::ndarray<double, N>& a, const rt::ndarray<double, M>& b) {
  if constexpr (M > N) throw rt::ValueError("non-broadcastable output operand");
  const rt::ndarray<double, M> source = b.shares_buffer_with(a) ? b.copy() : b;
  const std::vector<double> values = source.broadcast_to(a.shape()).to_vector();
  rt::ndarray<double, N> target = a;  // the same buffer: the caller sees the writes
  std::size_t k = 0;
  target.for_each([&](double& v) { v += values[k++]; });
  return a;
}
}  // namespace oplib::operator_
