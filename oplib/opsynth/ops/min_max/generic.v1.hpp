#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::opsynth::ops {

template <class T, std::size_t N>
  requires((std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>) && (N == 1 || N == 2))
inline std::tuple<rt::np_scalar<T>, rt::np_scalar<T>> min_max(const rt::ndarray<T, N>& a, bool max_first) {
  const auto [lo, hi] = rt::minmax::both(a, max_first);
  return {rt::np_scalar<T>{lo}, rt::np_scalar<T>{hi}};
}

}  // namespace oplib::opsynth::ops
