// op: numpy.sum
// sig: ndarray[bool,2] -> int64
// sig: ndarray[bool,1] -> int64
// sig: ndarray[bool,2], Literal[0] -> ndarray[int64,1]
// sig: ndarray[bool,2], Literal[1] -> ndarray[int64,1]
// sig: ndarray[bool,3] -> int64
// generic: yes
// tolerance: reduction:2
// note: np.sum of a bool array of any rank, whole or along one axis (negative from the end): the count of True as int64, numpy's default int (float64 sums of rank 3 need numpy's own pairwise order along the contiguous axis: not here); v2: a whole C-contiguous array is counted in one pass over its bytes (in chunks whose byte sums cannot overflow, which the compiler vectorises) instead of a multi-index walk per element, as is each contiguous row of the walk
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace oplib::numpy::detail_numpy_sum_nd {
template <class T>
using acc_t = std::conditional_t<std::is_same_v<T, bool>, std::int64_t, T>;

template <class T, std::size_t N>
concept summable = std::is_same_v<T, bool>;

template <class R>
R plus(R a, R b) {
  return a + b;  // counts of at most 2^63 - 1 elements cannot overflow
}

// The number of true values among n bools: their bytes (0 or 1) summed in 32-bit lanes, a chunk at a time
// (2^24 bytes cannot overflow one), so the loop widens bytes instead of branching on each.
inline std::int64_t count_true(const bool* p, std::int64_t n) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(p);
  std::int64_t total = 0;
  for (std::int64_t at = 0; at < n;) {
    const std::int64_t end = at + std::min<std::int64_t>(n - at, std::int64_t{1} << 24);
    std::uint32_t chunk = 0;
    for (std::int64_t i = at; i < end; ++i) chunk += bytes[i];
    total += chunk;
    at = end;
  }
  return total;
}

// Calls f(element, multi-index) for every element in C order.
template <class T, std::size_t N, class F>
void walk(const rt::ndarray<T, N>& a, F&& f) {
  if (a.size() == 0) return;
  std::array<std::int64_t, N> idx{};
  const T* base = a.data();
  for (;;) {
    std::int64_t off = 0;
    for (std::size_t k = 0; k < N; ++k) off += idx[k] * a.strides()[k];
    f(base[off], idx);
    std::size_t k = N;
    for (;;) {
      if (k == 0) return;
      --k;
      if (++idx[k] < a.shape(k)) break;
      idx[k] = 0;
    }
  }
}
}  // namespace oplib::numpy::detail_numpy_sum_nd

namespace oplib::numpy {
template <class T, std::size_t N>
  requires detail_numpy_sum_nd::summable<T, N>
auto sum(const rt::ndarray<T, N>& a) {
  using R = detail_numpy_sum_nd::acc_t<T>;
  if (a.is_c_contiguous()) return rt::np_scalar<R>(detail_numpy_sum_nd::count_true(a.data(), a.size()));
  R total{};
  detail_numpy_sum_nd::walk(a, [&](const T& v, const auto&) { total = detail_numpy_sum_nd::plus(total, static_cast<R>(v)); });
  return rt::np_scalar<R>(total);
}

template <class T, std::size_t N, rt::literal K>
  requires detail_numpy_sum_nd::summable<T, N> && (N >= 2) && (K.kind == rt::literal_kind::integer) &&
           (K.i >= -static_cast<std::int64_t>(N)) && (K.i < static_cast<std::int64_t>(N))
auto sum(const rt::ndarray<T, N>& a, rt::lit<K>) {
  using R = detail_numpy_sum_nd::acc_t<T>;
  constexpr std::size_t axis = static_cast<std::size_t>(K.i < 0 ? K.i + static_cast<std::int64_t>(N) : K.i);
  rt::shape_t<N - 1> shape{};
  for (std::size_t k = 0, j = 0; k < N; ++k)
    if (k != axis) shape[j++] = a.shape(k);
  auto out = rt::ndarray<R, N - 1>::zeros(shape);
  R* o = out.data();
  const auto& os = out.strides();
  detail_numpy_sum_nd::walk(a, [&](const T& v, const std::array<std::int64_t, N>& idx) {
    std::int64_t off = 0;
    for (std::size_t k = 0, j = 0; k < N; ++k)
      if (k != axis) off += idx[k] * os[j++];
    o[off] = detail_numpy_sum_nd::plus(o[off], static_cast<R>(v));
  });
  return out;
}
}  // namespace oplib::numpy
