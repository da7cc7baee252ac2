// op: numpy.mean
// sig: ndarray[uint8,2] -> float64
// generic: yes
// tolerance: reduction
// note: the mean of a whole array of an integer dtype beyond int64 (uint8, int8, int16, uint16, uint32, uint64, int32): numpy sums in float64 (add.reduce with dtype=float64; each element converts exactly below 2^53, where any summation order gives numpy's bits) and divides once by the count; an empty array gives nan (numpy only warns)
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::numpy::detail_mean_integers {
template <class T>
concept narrow_int = rt::promote::is_int_v<T> && !std::is_same_v<T, std::int64_t>;
}  // namespace oplib::numpy::detail_mean_integers

namespace oplib::numpy {
template <class T, std::size_t N>
  requires detail_mean_integers::narrow_int<T> && (N >= 1)
rt::float64 mean(const rt::ndarray<T, N>& a) {
  double total = 0.0;
  a.for_each([&total](const T& v) { total += static_cast<double>(v); });
  const auto n = a.size();
  if (n == 0) return rt::float64(std::numeric_limits<double>::quiet_NaN());
  return rt::float64(total / static_cast<double>(n));
}
}  // namespace oplib::numpy
