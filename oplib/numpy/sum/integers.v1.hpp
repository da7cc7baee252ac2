// op: numpy.sum
// sig: ndarray[uint8,2] -> uint64
// generic: yes
// tolerance: exact
// note: the sum of a whole array of an integer dtype beyond int64 (uint8, uint16, uint32, uint64 sum in uint64; int8, int16 in int64; numpy's add.reduce widens small integers to the platform's 64-bit integer of the same signedness), wrapping modulo 2^64 as numpy's integer loops do; an empty array gives 0
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::detail_sum_integers {
template <class T>
concept small_int = rt::promote::is_int_v<T> && sizeof(T) < 4;
template <class T>
concept unsigned_wide = std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>;
}  // namespace oplib::numpy::detail_sum_integers

namespace oplib::numpy {
template <class T, std::size_t N>
  requires(detail_sum_integers::small_int<T> || detail_sum_integers::unsigned_wide<T>) && (N >= 1)
auto sum(const rt::ndarray<T, N>& a) {
  using Acc = std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>;
  std::uint64_t total = 0;  // modular: the same bits whatever the order
  a.for_each([&total](const T& v) { total += static_cast<std::uint64_t>(static_cast<Acc>(v)); });
  return rt::np_scalar<Acc>(static_cast<Acc>(total));
}
}  // namespace oplib::numpy
