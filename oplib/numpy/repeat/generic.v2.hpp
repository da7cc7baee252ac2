// op: numpy.repeat
// sig: ndarray[float64,1], int -> ndarray[float64,1]
// sig: ndarray[float64,2], int -> ndarray[float64,1]
// sig: ndarray[int64,1], int -> ndarray[int64,1]
// sig: ndarray[float64,2], int, int -> ndarray[float64,2]
// sig: ndarray[int64,2], int, int -> ndarray[int64,2]
// sig: ndarray[float64,2], int, Literal[0] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// domain: {"int_min": -3, "int_max": 12}
// note: np.repeat(a, repeats) with an int count: without an axis the flattened array, each element repeats times in a row; with an axis each slice along it repeats times in a row; a fresh C-ordered array, filled by block copies from a C-ordered copy of a; numpy's ValueError for a negative count and AxisError for an axis out of range. The domain keeps counts small (array elements are copied, never computed with)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace oplib::numpy {
namespace detail_numpy_repeat {
template <class T, std::size_t N>
rt::ndarray<T, N> along(const rt::ndarray<T, N>& a, std::int64_t repeats, std::size_t ax) {
  // numpy sizes the result n * repeats: a negative count is refused only when the axis is not empty
  if (repeats < 0 && a.shape(ax) > 0) throw rt::ValueError("negative dimensions are not allowed");
  rt::shape_t<N> shape = a.shape();
  shape[ax] *= repeats;
  auto out = rt::ndarray<T, N>::empty(shape);
  if (out.size() == 0) return out;
  // In C order the result is, for each index before the axis and each slice along it, that slice's
  // block of elements (the axes after it) `repeats` times in a row: block copies from a C-ordered a,
  // not a broadcast assignment per slice (rows of `repeats` elements for the last axis).
  const rt::ndarray<T, N> c = a.is_c_contiguous() ? a : a.copy();
  std::int64_t outer = 1, inner = 1;
  for (std::size_t k = 0; k < ax; ++k) outer *= a.shape(k);
  for (std::size_t k = ax + 1; k < N; ++k) inner *= a.shape(k);
  const std::int64_t n = a.shape(ax);
  const T* src = c.data();
  T* dst = out.data();
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t i = 0; i < n; ++i, src += inner) {
      if (inner == 1) {
        std::fill_n(dst, repeats, *src);
        dst += repeats;
      } else {
        for (std::int64_t r = 0; r < repeats; ++r, dst += inner) std::copy_n(src, inner, dst);
      }
    }
  }
  return out;
}
}  // namespace detail_numpy_repeat

template <class T, std::size_t N>
  requires(N >= 1)
rt::ndarray<T, 1> repeat(const rt::ndarray<T, N>& a, std::int64_t repeats) {
  return detail_numpy_repeat::along<T, 1>(a.template reshape<1>({-1}), repeats, 0);
}

template <class T, std::size_t N>
  requires(N >= 1)
rt::ndarray<T, 1> repeat(const rt::ndarray<T, N>& a, std::int64_t repeats, rt::none) {
  return repeat(a, repeats);
}

template <class T, std::size_t N>
  requires(N >= 1)
rt::ndarray<T, N> repeat(const rt::ndarray<T, N>& a, std::int64_t repeats, std::int64_t axis) {
  const auto ax = rt::normalize_index(axis, static_cast<std::int64_t>(N));
  if (!ax)
    throw rt::AxisError("axis " + std::to_string(axis) + " is out of bounds for array of dimension " + std::to_string(N));
  return detail_numpy_repeat::along<T, N>(a, repeats, static_cast<std::size_t>(*ax));
}

// axis=0 written as a constant may arrive as a Literal
template <class T, std::size_t N, rt::literal K>
  requires(N >= 1 && K.kind == rt::literal_kind::integer)
rt::ndarray<T, N> repeat(const rt::ndarray<T, N>& a, std::int64_t repeats, rt::lit<K>) {
  return repeat(a, repeats, K.i);
}

}  // namespace oplib::numpy
