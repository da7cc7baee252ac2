// op: numpy.max
// sig: ndarray[uint8,2] -> uint8
// generic: yes
// tolerance: exact
// note: the maximum of a whole array of an integer dtype beyond int64 (uint8, int8, int16, uint16, uint32, uint64, int32) as a numpy scalar of that dtype; an empty array raises numpy's ValueError 'zero-size array to reduction operation maximum which has no identity'
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::detail_max_integers {
template <class T>
concept narrow_int = rt::promote::is_int_v<T> && !std::is_same_v<T, std::int64_t>;
}  // namespace oplib::numpy::detail_max_integers

namespace oplib::numpy {
template <class T, std::size_t N>
  requires detail_max_integers::narrow_int<T> && (N >= 1)
rt::np_scalar<T> max(const rt::ndarray<T, N>& a) {
  if (a.size() == 0) throw rt::ValueError("zero-size array to reduction operation maximum which has no identity");
  bool first = true;
  T best{};
  a.for_each([&](const T& v) {
    if (first || v > best) best = v;
    first = false;
  });
  return rt::np_scalar<T>(best);
}
}  // namespace oplib::numpy
