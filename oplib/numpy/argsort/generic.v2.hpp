// op: numpy.argsort
// sig: ndarray[float64,1], Literal[-1], Literal['stable'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: stable argsort along the last axis (kind='stable'), NaN last. v1 also served the default kind with the stable order, which numpy's quicksort (introsort) only gives up to 16 elements: a row of 29 zeros came back [0, 1, ...] where numpy gives [0, 26, ...], so the default kind is left out here until numpy's introsort order is reproduced
#include <algorithm>
#include <cstdint>
#include <string_view>
#include <iterator>
#include <vector>
namespace oplib::numpy::detail_numpy_argsort_generic {

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

}  // namespace oplib::numpy::detail_numpy_argsort_generic

namespace oplib::numpy {

template <class T, std::size_t N>
  requires(N == 1 || N == 2)
inline rt::ndarray<std::int64_t, N> argsort(const rt::ndarray<T, N>& a, rt::lit<-1>, rt::lit<"stable">) {
  const std::int64_t n = a.shape(N - 1);
  auto out = rt::ndarray<std::int64_t, N>::empty(a.shape());
  const std::int64_t rows = n == 0 ? 0 : a.size() / n;
  const T* p = a.data();
  const std::int64_t sl = a.strides()[N - 1];
  auto less_val = [](const T& x, const T& y) {
    if constexpr (std::is_floating_point_v<T>) {
      return x < y || (y != y && x == x);
    } else {
      return x < y;
    }
  };
  for (std::int64_t r = 0; r < rows; ++r) {
    const T* row = p;
    if constexpr (N == 2) row = p + r * a.strides()[0];
    std::int64_t* o = out.data() + r * n;
    for (std::int64_t i = 0; i < n; ++i) o[i] = i;
    detail_numpy_argsort_generic::stable_sort(o, o + n, [&](std::int64_t i, std::int64_t j) { return less_val(row[i * sl], row[j * sl]); });
  }
  return out;
}

}  // namespace oplib::numpy
