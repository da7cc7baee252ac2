// op: numpy.diag
// sig: ndarray[float64,2] -> ndarray[float64,1]
// generic: yes
// tolerance: exact
// note: np.diag(v, k=0): of a 2-D array, diagonal k as numpy gives it, a read-only view sharing v's buffer (above the main diagonal for k > 0, below for k < 0, empty past the edge); of a 1-D array, a new square array of side len(v) + |k| with v on diagonal k and zeros elsewhere
#include <algorithm>
#include <cstdint>

namespace oplib::numpy {
template <class T>
rt::ndarray<T, 1> diag(const rt::ndarray<T, 2>& v, std::int64_t k) {
  const std::int64_t n = v.shape(0), m = v.shape(1);
  std::int64_t len = 0, start = 0;
  if (k >= 0) {
    len = std::max<std::int64_t>(0, std::min(n, m - k));
    if (len > 0) start = k * v.strides()[1];
  } else {
    len = std::max<std::int64_t>(0, std::min(n + k, m));
    if (len > 0) start = -k * v.strides()[0];
  }
  return rt::ndarray<T, 1>::wrap(const_cast<T*>(v.data()) + start, {len}, {v.strides()[0] + v.strides()[1]}, v.owner(),
                                 false);
}

template <class T>
rt::ndarray<T, 2> diag(const rt::ndarray<T, 1>& v, std::int64_t k) {
  const std::int64_t n = v.shape(0), side = n + (k < 0 ? -k : k);
  auto out = rt::ndarray<T, 2>::zeros({side, side});
  const std::int64_t row = k < 0 ? -k : 0, col = k > 0 ? k : 0;
  for (std::int64_t i = 0; i < n; ++i) out.data()[(row + i) * side + col + i] = v.data()[i * v.strides()[0]];
  return out;
}

template <class T, std::size_t N>
  requires(N == 1 || N == 2)
auto diag(const rt::ndarray<T, N>& v) {
  return diag(v, std::int64_t{0});
}
}  // namespace oplib::numpy
