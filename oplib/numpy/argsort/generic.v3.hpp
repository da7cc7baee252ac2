// op: numpy.argsort
// sig: ndarray[float64,1], Literal[-1], Literal['stable'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: v3: rows of 256 elements or more of float64 or int64 sort by a stable LSD radix sort on an order-preserving 64-bit key (rt::radix_sort; -0.0 takes 0.0's key, every NaN the largest key, so NaNs go last in input order, as numpy's stable sort leaves them), where v2's merge sort made a stable argsort of 10,000 scores 0.7 ms, slower than numpy's; shorter rows and other dtypes keep v2's insertion/merge sort. Any stable sort by the same strict weak order gives the same permutation, so the result is numpy's exactly
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <type_traits>
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

// The radix key of an element: numeric order as unsigned order, every NaN after +inf and equal to the others.
template <class T>
inline std::uint64_t sort_key(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (x != x) return ~std::uint64_t{0};
  }
  return rt::radix_key(x);
}

struct keyed {
  std::uint64_t key;
  std::int64_t index;
};

constexpr std::int64_t kRadixFrom = 256;  // below, the comparison sort's fewer passes win

}  // namespace oplib::numpy::detail_numpy_argsort_generic

namespace oplib::numpy {

template <class T, std::size_t N>
  requires(N == 1 || N == 2)
inline rt::ndarray<std::int64_t, N> argsort(const rt::ndarray<T, N>& a, rt::lit<-1>, rt::lit<"stable">) {
  namespace detail = detail_numpy_argsort_generic;
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
  constexpr bool radix_type = std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>;
  std::vector<detail::keyed> items;
  for (std::int64_t r = 0; r < rows; ++r) {
    const T* row = p;
    if constexpr (N == 2) row = p + r * a.strides()[0];
    std::int64_t* o = out.data() + r * n;
    if (radix_type && n >= detail::kRadixFrom) {
      items.resize(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) items[static_cast<std::size_t>(i)] = {detail::sort_key(row[i * sl]), i};
      rt::radix_sort(items.data(), items.size(), [](const detail::keyed& k) { return k.key; });
      for (std::int64_t i = 0; i < n; ++i) o[i] = items[static_cast<std::size_t>(i)].index;
      continue;
    }
    for (std::int64_t i = 0; i < n; ++i) o[i] = i;
    detail::stable_sort(o, o + n, [&](std::int64_t i, std::int64_t j) { return less_val(row[i * sl], row[j * sl]); });
  }
  return out;
}

}  // namespace oplib::numpy
