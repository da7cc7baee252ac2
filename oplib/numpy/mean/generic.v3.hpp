// op: numpy.mean
// sig: ndarray[float64,2], Literal[-1], None, None, Literal[True] -> ndarray[float64,2]
// generic: yes
// tolerance: reduction
// note: v3: any rank, on rt::reduce (numpy's add-reduction in its iterator's order, see numpy.sum v3) and one division by the count, as numpy's _mean does; float64 arrays whole, along a Literal axis (negative from the end), with keepdims=True, and over a tuple of axes (numpy's AxisError out of range, ValueError for an axis named twice); int64 1-D arrays cast to float64 through a contiguous buffer, then summed pairwise; an empty input gives nan like numpy (which only warns)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

namespace oplib::numpy {
namespace detail_numpy_mean_v3 {
template <std::size_t N, std::int64_t K>
inline constexpr bool valid_axis = K >= -static_cast<std::int64_t>(N) && K < static_cast<std::int64_t>(N);

template <std::size_t N, std::int64_t K>
inline constexpr std::size_t axis_of = static_cast<std::size_t>(K < 0 ? K + static_cast<std::int64_t>(N) : K);
}  // namespace detail_numpy_mean_v3

template <std::size_t N>
  requires(N >= 1)
inline rt::float64 mean(const rt::ndarray<double, N>& a) {
  return rt::float64{rt::reduce::sum_all(a) / static_cast<double>(a.size())};
}

inline rt::float64 mean(const rt::ndarray<std::int64_t, 1>& a) {
  std::vector<double> buf;
  buf.reserve(static_cast<std::size_t>(a.size()));
  a.for_each([&](std::int64_t v) { buf.push_back(static_cast<double>(v)); });
  const double sum = rt::reduce::add_chunks(0.0, buf.data(), a.size(), 1);
  return rt::float64{sum / static_cast<double>(a.size())};
}

template <std::size_t N, rt::literal K>
  requires(N == 1 && K.kind == rt::literal_kind::integer && detail_numpy_mean_v3::valid_axis<N, K.i>)
inline rt::float64 mean(const rt::ndarray<double, N>& a, rt::lit<K>) {
  return mean(a);
}

template <std::size_t N, rt::literal K>
  requires(N >= 2 && K.kind == rt::literal_kind::integer && detail_numpy_mean_v3::valid_axis<N, K.i>)
inline rt::ndarray<double, N - 1> mean(const rt::ndarray<double, N>& a, rt::lit<K>) {
  constexpr std::size_t r = detail_numpy_mean_v3::axis_of<N, K.i>;
  auto out = rt::reduce::sum_axis(a, r);
  const double n = static_cast<double>(a.shape(r));
  double* o = out.data();
  for (std::int64_t j = 0; j < out.size(); ++j) o[j] = o[j] / n;
  return out;
}

template <std::size_t N, rt::literal K>
  requires(N >= 2 && K.kind == rt::literal_kind::integer && detail_numpy_mean_v3::valid_axis<N, K.i>)
inline rt::ndarray<double, N> mean(const rt::ndarray<double, N>& a, rt::lit<K> axis, rt::none, rt::none, rt::lit<true>) {
  rt::shape_t<N> shape = a.shape();
  shape[detail_numpy_mean_v3::axis_of<N, K.i>] = 1;
  return mean(a, axis).reshape(shape);
}

// Over several axes (axis=(1, 3)): one add-reduction over all of them, then one division by their count.
template <std::size_t N, class... I>
  requires(sizeof...(I) >= 1 && sizeof...(I) <= N && (std::is_same_v<I, std::int64_t> && ...))
inline auto mean(const rt::ndarray<double, N>& a, const std::tuple<I...>& axes) {
  const auto reduced = rt::reduce::axes_of<N>(axes);
  auto out = rt::reduce::sum_axes<sizeof...(I)>(a, reduced);
  double count = 1.0;
  for (std::size_t k = 0; k < N; ++k)
    if (reduced[k]) count *= static_cast<double>(a.shape(k));
  if constexpr (sizeof...(I) == N) {
    return rt::float64{out.data()[0] / count};
  } else {
    double* o = out.data();
    for (std::int64_t j = 0; j < out.size(); ++j) o[j] = o[j] / count;
    return out;
  }
}
}  // namespace oplib::numpy
