// op: numpy.roll
// sig: ndarray[float64,2], int, Literal[0] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: np.roll(a, shift, axis) along one axis (a Literal, negative from the end) of an array of any rank: out[..., (i + shift) mod n, ...] = a[..., i, ...], shift of any sign and size (Python's modulo), a new C-ordered array; an empty axis stays empty
#include <cstddef>
#include <cstdint>

namespace oplib::numpy {
template <class T, std::size_t N, rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -static_cast<std::int64_t>(N) &&
           K.i < static_cast<std::int64_t>(N))
rt::ndarray<T, N> roll(const rt::ndarray<T, N>& a, std::int64_t shift, rt::lit<K>) {
  constexpr std::size_t r = static_cast<std::size_t>(K.i < 0 ? K.i + static_cast<std::int64_t>(N) : K.i);
  auto out = rt::ndarray<T, N>::empty(a.shape());
  const std::int64_t n = a.shape(r);
  if (out.size() == 0) return out;
  std::int64_t k = shift % n;
  if (k < 0) k += n;
  // source index i along r lands at (i + k) mod n: copy the two blocks as views
  const auto src = [&](std::int64_t from, std::int64_t to) { return a.slice(r, rt::slice{from, to, 1}); };
  const auto dst = [&](std::int64_t from, std::int64_t to) { return out.slice(r, rt::slice{from, to, 1}); };
  rt::assign_array(dst(k, n), src(0, n - k));
  rt::assign_array(dst(0, k), src(n - k, n));
  return out;
}
}  // namespace oplib::numpy
