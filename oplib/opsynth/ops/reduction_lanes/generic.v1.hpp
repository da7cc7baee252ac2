// op: opsynth.ops.reduction_lanes
// sig: Literal['nn'], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64]
// sig: Literal['nd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64]
// sig: Literal['dn'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64]
// sig: Literal['dd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64]
// sig: Literal['nnn'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['nnd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['ndn'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['ndd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['dnn'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['dnd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['ddn'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// sig: Literal['ddd'], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1], ndarray[float64,1] -> tuple[float64,float64,float64]
// generic: yes
// tolerance: exact
// note: several norms and dots of 1-D float64 arrays summed side by side in one pass, each lane in the order numpy sums it alone (reference BLAS ddot: one running sum from +0.0; a norm over x.ravel('K'), which keeps a 1-D array's index order; a dot of one element is the plain product), so every lane is bit for bit what the separate call gives while the latency of one add chain covers all of them; a dot whose lengths differ gives 0.0 and the compiler calls np.dot there instead
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

namespace oplib::opsynth::ops::detail_reduction_lanes {

// One running sum: a[l * sa] * b[l * sb] for l < n, added in increasing l.
struct lane {
  const double* a = nullptr;
  const double* b = nullptr;
  std::int64_t sa = 0, sb = 0, n = 0;
  bool product_only = false;  // np.dot of two one-element arrays: the product, not 0.0 + product
};

// numpy's norm is sqrt(x.ravel('K').dot(...)); a 1-D ravel keeps the index order, a reversed view too.
inline lane norm_lane(const rt::ndarray<double, 1>& x) {
  return lane{x.data(), x.data(), x.strides()[0], x.strides()[0], x.shape(0), false};
}

inline lane dot_lane(const rt::ndarray<double, 1>& x, const rt::ndarray<double, 1>& y) {
  if (x.shape(0) != y.shape(0)) return lane{};  // not aligned: 0.0, never read
  return lane{x.data(), y.data(), x.strides()[0], y.strides()[0], x.shape(0), x.shape(0) == 1};
}

// The lanes' add chains interleaved, each sum in its own order. Fixed indices over local arrays (a
// fold over J) keep every sum and pointer in a register; a loop over the lanes kept the sums in memory,
// one store-to-load round trip per add.
template <std::size_t... J>
inline void sum_common(const lane* w, std::int64_t common, double* acc, std::index_sequence<J...>) {
  const double* a[] = {w[J].a...};
  const double* b[] = {w[J].b...};
  double s[] = {acc[J]...};
  if (((w[J].sa == 1 && w[J].sb == 1) && ...)) {
    for (std::int64_t l = 0; l < common; ++l) ((s[J] = s[J] + a[J][l] * b[J][l]), ...);
  } else {
    const std::int64_t sa[] = {w[J].sa...};
    const std::int64_t sb[] = {w[J].sb...};
    for (std::int64_t l = 0; l < common; ++l) ((s[J] = s[J] + a[J][l * sa[J]] * b[J][l * sb[J]]), ...);
  }
  ((acc[J] = s[J]), ...);
}

template <std::size_t K>
inline std::array<double, K> sum_lanes(const std::array<lane, K>& lanes) {
  std::array<double, K> acc{};
  std::int64_t common = lanes[0].n;
  for (const lane& w : lanes) common = std::min(common, w.n);
  sum_common(lanes.data(), common, acc.data(), std::make_index_sequence<K>{});
  for (std::size_t j = 0; j < K; ++j) {  // each longer lane on its own
    const lane& w = lanes[j];
    double s = acc[j];
    for (std::int64_t l = common; l < w.n; ++l) s = s + w.a[l * w.sa] * w.b[l * w.sb];
    acc[j] = w.product_only ? w.a[0] * w.b[0] : s;
  }
  return acc;
}

// The plan's letters: 'n' takes one array, 'd' two.
constexpr std::size_t arrays_for(std::string_view plan) {
  std::size_t k = 0;
  for (char c : plan) k += c == 'n' ? 1 : 2;
  return k;
}

template <class P, std::size_t... J, class Arrays>
inline auto run(Arrays arrays, std::index_sequence<J...>) {
  constexpr std::string_view plan = P::as_str();
  constexpr std::size_t K = plan.size();
  std::array<lane, K> lanes{};
  std::size_t k = 0;
  for (std::size_t j = 0; j < K; ++j) {
    if (plan[j] == 'n') {
      lanes[j] = norm_lane(*arrays[k]);
      k += 1;
    } else {
      lanes[j] = dot_lane(*arrays[k], *arrays[k + 1]);
      k += 2;
    }
  }
  const std::array<double, K> acc = sum_lanes<K>(lanes);
  // a norm is the square root of its sum, as numpy's sqrt(x.dot(x))
  return std::make_tuple(rt::np_scalar<double>{plan[J] == 'n' ? std::sqrt(acc[J]) : acc[J]}...);
}

}  // namespace oplib::opsynth::ops::detail_reduction_lanes

namespace oplib::opsynth::ops {

template <class P, class... A>
  requires(P::is_str && (std::same_as<A, rt::ndarray<double, 1>> && ...))
inline auto reduction_lanes(P, const A&... arrays) {
  namespace d = detail_reduction_lanes;
  static_assert(d::arrays_for(P::as_str()) == sizeof...(A), "the plan names another number of arrays");
  const std::array<const rt::ndarray<double, 1>*, sizeof...(A)> all{&arrays...};
  return d::run<P>(all, std::make_index_sequence<P::as_str().size()>{});
}

}  // namespace oplib::opsynth::ops
