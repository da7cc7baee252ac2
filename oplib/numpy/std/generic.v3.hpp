// op: numpy.std
// sig: ndarray[float64,1] -> float64
// sig: ndarray[float64,2] -> float64
// sig: ndarray[float64,2], Literal[0] -> ndarray[float64,1]
// sig: ndarray[float64,2], Literal[1] -> ndarray[float64,1]
// generic: yes
// tolerance: reduction
// note: numpy's _var step by step on the runtime's kernels: the mean by rt::reduce (numpy's pairwise sums in the iterator's order and buffer chunks, vectorised), the squared deviations by rt::ufunc::apply (the square of the rounded difference, as numpy's x = arr - mean; x * x, laid out as numpy lays out arr - mean), their sum by rt::reduce again, divided by the count, square root; empty input gives nan like numpy (which only warns). v3: v2's private copies of the pairwise sum, the iterator runs and the deviation loop replaced by rt::reduce and rt::ufunc (one pass for the deviations, the sums vectorised)
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace oplib::numpy {

template <std::size_t N>
  requires(N == 1 || N == 2)
inline rt::float64 std(const rt::ndarray<double, N>& a) {
  const double n = static_cast<double>(a.size());
  const double mean = rt::reduce::sum_all(a) / n;
  const auto x = rt::ufunc::apply<double>([](double v, double m) { const double d = v - m; return d * d; }, a, mean);
  return rt::float64{::std::sqrt(rt::reduce::sum_all(x) / n)};
}

template <rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<double, 1> std(const rt::ndarray<double, 2>& a, rt::lit<K>) {
  constexpr std::size_t r = K.i < 0 ? static_cast<std::size_t>(K.i + 2) : static_cast<std::size_t>(K.i);
  const double n = static_cast<double>(a.shape(r));
  auto mean = rt::reduce::sum_axis(a, r);
  for (std::int64_t j = 0; j < mean.shape(0); ++j) mean.data()[j] = mean.data()[j] / n;
  rt::shape_t<2> kept{a.shape(0), a.shape(1)};
  kept[r] = 1;  // keepdims: the mean broadcasts along the reduced axis
  const auto x = rt::ufunc::apply<double>([](double v, double m) { const double d = v - m; return d * d; }, a,
                                          mean.reshape(kept));
  auto out = rt::reduce::sum_axis(x, r);
  for (std::int64_t j = 0; j < out.shape(0); ++j) out.data()[j] = ::std::sqrt(out.data()[j] / n);
  return out;
}

template <rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -2 && K.i <= 1)
inline rt::ndarray<double, 2> std(const rt::ndarray<double, 2>& a, rt::lit<K> axis, rt::none, rt::none, rt::lit<0>,
                                 rt::lit<true>) {
  constexpr std::size_t r = K.i < 0 ? static_cast<std::size_t>(K.i + 2) : static_cast<std::size_t>(K.i);
  rt::shape_t<2> kept{a.shape(0), a.shape(1)};
  kept[r] = 1;
  return std(a, axis).reshape(kept);
}

}  // namespace oplib::numpy
