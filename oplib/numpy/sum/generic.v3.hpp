// op: numpy.sum
// sig: ndarray[float64,3], Literal[2] -> ndarray[float64,2]
// generic: yes
// tolerance: reduction
// note: v3: any rank, on rt::reduce (numpy's pairwise sum in its iterator's order: length-1 axes dropped, axes by decreasing |stride|, back-to-back axes coalesced into one run, other layouts buffered in 8192s; along an axis, a reduce run per output element when that axis is the iterator's inner one, else a plain sum in index order); float64 and int64 (wrapping like numpy) arrays, whole, along a Literal axis (negative from the end) and with keepdims=True
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy {
namespace detail_numpy_sum_v3 {
template <class T>
concept summable = std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>;

template <std::size_t N, std::int64_t K>
inline constexpr bool valid_axis = K >= -static_cast<std::int64_t>(N) && K < static_cast<std::int64_t>(N);

template <std::size_t N, std::int64_t K>
inline constexpr std::size_t axis_of = static_cast<std::size_t>(K < 0 ? K + static_cast<std::int64_t>(N) : K);

template <std::size_t N>
std::int64_t wrapping_sum(const rt::ndarray<std::int64_t, N>& a) {
  std::uint64_t s = 0;  // numpy's int64 sum wraps around
  a.for_each([&](std::int64_t v) { s += static_cast<std::uint64_t>(v); });
  return static_cast<std::int64_t>(s);
}

// Along axis r: the kept axes as views at each index of r, added on in index order (wrapping).
template <std::size_t N>
rt::ndarray<std::int64_t, N - 1> wrapping_sum_axis(const rt::ndarray<std::int64_t, N>& a, std::size_t r) {
  rt::shape_t<N - 1> shape{}, strides{};
  for (std::size_t k = 0, j = 0; k < N; ++k) {
    if (k == r) continue;
    shape[j] = a.shape(k);
    strides[j++] = a.strides()[k];
  }
  auto out = rt::ndarray<std::int64_t, N - 1>::zeros(shape);
  for (std::int64_t i = 0; i < a.shape(r); ++i) {
    auto slab = rt::ndarray<std::int64_t, N - 1>::wrap(const_cast<std::int64_t*>(a.data()) + i * a.strides()[r], shape, strides);
    std::int64_t* o = out.data();
    slab.for_each([&](const std::int64_t& v) {
      *o = static_cast<std::int64_t>(static_cast<std::uint64_t>(*o) + static_cast<std::uint64_t>(v));
      ++o;
    });
  }
  return out;
}
}  // namespace detail_numpy_sum_v3

template <class T, std::size_t N>
  requires(detail_numpy_sum_v3::summable<T> && N >= 1)
inline rt::np_scalar<T> sum(const rt::ndarray<T, N>& a) {
  if constexpr (std::is_same_v<T, double>) return rt::np_scalar<T>{rt::reduce::sum_all(a)};
  else return rt::np_scalar<T>{detail_numpy_sum_v3::wrapping_sum(a)};
}

template <class T, std::size_t N, rt::literal K>
  requires(detail_numpy_sum_v3::summable<T> && N == 1 && K.kind == rt::literal_kind::integer &&
           detail_numpy_sum_v3::valid_axis<N, K.i>)
inline rt::np_scalar<T> sum(const rt::ndarray<T, N>& a, rt::lit<K>) {
  return sum(a);
}

template <class T, std::size_t N, rt::literal K>
  requires(detail_numpy_sum_v3::summable<T> && N >= 2 && K.kind == rt::literal_kind::integer &&
           detail_numpy_sum_v3::valid_axis<N, K.i>)
inline rt::ndarray<T, N - 1> sum(const rt::ndarray<T, N>& a, rt::lit<K>) {
  constexpr std::size_t r = detail_numpy_sum_v3::axis_of<N, K.i>;
  if constexpr (std::is_same_v<T, double>) return rt::reduce::sum_axis(a, r);
  else return detail_numpy_sum_v3::wrapping_sum_axis(a, r);
}

template <class T, std::size_t N, rt::literal K>
  requires(detail_numpy_sum_v3::summable<T> && N >= 2 && K.kind == rt::literal_kind::integer &&
           detail_numpy_sum_v3::valid_axis<N, K.i>)
inline rt::ndarray<T, N> sum(const rt::ndarray<T, N>& a, rt::lit<K> axis, rt::none, rt::none, rt::lit<true>) {
  rt::shape_t<N> shape = a.shape();
  shape[detail_numpy_sum_v3::axis_of<N, K.i>] = 1;
  return sum(a, axis).reshape(shape);
}

template <class T, std::size_t N>
  requires(detail_numpy_sum_v3::summable<T> && N >= 1)
inline rt::ndarray<T, N> sum(const rt::ndarray<T, N>& a, rt::none, rt::none, rt::none, rt::lit<true>) {
  rt::shape_t<N> ones{};
  ones.fill(1);
  return rt::ndarray<T, N>::full(ones, sum(a).value);
}
}  // namespace oplib::numpy
