// op: operator.getitem
// sig: ndarray[float64,3], int -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a[i] and a[i, j, ...] with fewer ints than a has axes: the view of what remains (shares the buffer, so writes through it reach a), negative indices from the end, IndexError naming the axis and its size when out of bounds
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::operator_ {
template <class T, std::size_t N>
  requires(N >= 2)
auto getitem(const rt::ndarray<T, N>& a, std::int64_t i) {
  return a.getitem(i);
}
template <class T, std::size_t N, class... I>
  requires(sizeof...(I) >= 1 && sizeof...(I) < N && (std::is_same_v<I, std::int64_t> && ...))
auto getitem(const rt::ndarray<T, N>& a, const std::tuple<I...>& index) {
  return std::apply([&](auto... k) { return a.getitem(k...); }, index);
}
}  // namespace oplib::operator_
