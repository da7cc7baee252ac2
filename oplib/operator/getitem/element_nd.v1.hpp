// op: operator.getitem
// sig: ndarray[float64,3], tuple[int,int,int] -> float64
// generic: yes
// tolerance: exact
// note: a[i, j, k, ...] with one int per axis on an array of any rank and dtype: the element as a numpy scalar of the array's dtype (a copy, not a view); negative indices from the end, IndexError naming the axis and its size when out of bounds
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>

namespace oplib::operator_ {
template <class T, std::size_t N, class... I>
  requires(N >= 3 && sizeof...(I) == N && (std::is_same_v<I, std::int64_t> && ...))
rt::np_scalar<T> getitem(const rt::ndarray<T, N>& a, const std::tuple<I...>& index) {
  return rt::np_scalar<T>(std::apply([&](auto... k) { return a.getitem(k...); }, index));
}
}  // namespace oplib::operator_
