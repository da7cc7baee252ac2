// op: numpy.clip
// sig: ndarray[uint8,1], int, int -> ndarray[uint8,1]
// generic: yes
// tolerance: exact
// note: np.clip(a, lo, hi) of a uint8 array with Python int bounds: min(max(x, lo), hi) per element as numpy's integer clip loop (lo > hi gives hi everywhere); numpy 1.24 keeps uint8 for bounds that fit uint8 (value-based casting); a bound outside uint8's range raises OverflowError 'Python integer N out of bounds for uint8' (numpy 2's rule, NEP 50; numpy 1.24 would widen the dtype), hence the domain; a fresh C-contiguous result
#include <algorithm>
#include <cstdint>

namespace oplib::numpy {
template <std::size_t N>
rt::ndarray<std::uint8_t, N> clip(const rt::ndarray<std::uint8_t, N>& a, std::int64_t lo, std::int64_t hi) {
  const std::uint8_t l = rt::promote::python_int_as<std::uint8_t>(lo), h = rt::promote::python_int_as<std::uint8_t>(hi);
  return rt::ufunc::apply<std::uint8_t>([l, h](std::uint8_t x) { return std::min<std::uint8_t>(std::max<std::uint8_t>(x, l), h); }, a);
}
}  // namespace oplib::numpy
