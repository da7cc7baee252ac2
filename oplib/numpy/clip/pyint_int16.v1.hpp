// op: numpy.clip
// sig: ndarray[int16,1], int, int -> ndarray[int16,1]
// generic: yes
// tolerance: exact
// note: np.clip(a, lo, hi) of a int16 array with Python int bounds: min(max(x, lo), hi) per element as numpy's integer clip loop (lo > hi gives hi everywhere); numpy 1.24 keeps int16 for bounds that fit int16 (value-based casting); a bound outside int16's range raises OverflowError 'Python integer N out of bounds for int16' (numpy 2's rule, NEP 50; numpy 1.24 would widen the dtype), hence the domain; a fresh C-contiguous result
#include <algorithm>
#include <cstdint>

namespace oplib::numpy {
template <std::size_t N>
rt::ndarray<std::int16_t, N> clip(const rt::ndarray<std::int16_t, N>& a, std::int64_t lo, std::int64_t hi) {
  const std::int16_t l = rt::promote::python_int_as<std::int16_t>(lo), h = rt::promote::python_int_as<std::int16_t>(hi);
  return rt::ufunc::apply<std::int16_t>([l, h](std::int16_t x) { return std::min<std::int16_t>(std::max<std::int16_t>(x, l), h); }, a);
}
}  // namespace oplib::numpy
