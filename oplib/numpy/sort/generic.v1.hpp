// op: numpy.sort
// sig: ndarray[float64,1] -> ndarray[float64,1]
// sig: ndarray[float64,2] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: stable sort along the last axis, NaN last; equals numpy's default quicksort while rows have <= 16 elements (it is insertion sort there, stable) - longer rows may order -0.0/0.0 ties differently
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <iterator>
#include <vector>
namespace oplib::numpy::detail_numpy_sort_generic {

// A stable sort (insertion sort for short runs, as numpy's quicksort does below 17 elements; a merge sort with
// a std::vector buffer above), so no std::get_temporary_buffer allocation is involved.
template <class It, class Less>
inline void stable_sort(It first, It last, Less less) {
  using V = typename std::iterator_traits<It>::value_type;
  const std::ptrdiff_t n = last - first;
  if (n <= 16) {
    for (std::ptrdiff_t i = 1; i < n; ++i) {
      V v = first[i];
      std::ptrdiff_t j = i;
      for (; j > 0 && less(v, first[j - 1]); --j) first[j] = first[j - 1];
      first[j] = v;
    }
    return;
  }
  const std::ptrdiff_t mid = n / 2;
  stable_sort(first, first + mid, less);
  stable_sort(first + mid, last, less);
  std::vector<V> buf(first, first + mid);
  std::ptrdiff_t i = 0, j = mid, k = 0;
  while (i < mid && j < n) {
    if (less(first[j], buf[static_cast<std::size_t>(i)])) {
      first[k++] = first[j++];
    } else {
      first[k++] = buf[static_cast<std::size_t>(i++)];
    }
  }
  while (i < mid) first[k++] = buf[static_cast<std::size_t>(i++)];
}

}  // namespace oplib::numpy::detail_numpy_sort_generic

namespace oplib::numpy {

template <class T, std::size_t N>
  requires(N == 1 || N == 2)
inline rt::ndarray<T, N> sort(const rt::ndarray<T, N>& a, rt::lit<-1>, rt::lit<"stable">) {
  auto out = a.copy();
  const std::int64_t n = a.shape(N - 1);
  const std::int64_t rows = n == 0 ? 0 : out.size() / n;
  auto less = [](const T& x, const T& y) {
    if constexpr (std::is_floating_point_v<T>) {
      return x < y || (y != y && x == x);
    } else {
      return x < y;
    }
  };
  for (std::int64_t r = 0; r < rows; ++r) detail_numpy_sort_generic::stable_sort(out.data() + r * n, out.data() + (r + 1) * n, less);
  return out;
}

template <class T, std::size_t N>
  requires(N == 1 || N == 2)
inline rt::ndarray<T, N> sort(const rt::ndarray<T, N>& a) {
  return sort(a, rt::lit<-1>{}, rt::lit<"stable">{});
}

}  // namespace oplib::numpy
