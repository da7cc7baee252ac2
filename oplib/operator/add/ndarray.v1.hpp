// op: operator.add
// sig: ndarray[float64,2], ndarray[float64,2] -> ndarray[float64,2]
// generic: yes
// tolerance: exact
// note: a + b with an ndarray operand: numpy's float64 ufunc, one correctly rounded IEEE op per element (bit-exact; -0.0, inf and NaN as IEEE; overflow gives inf, never an exception); numpy broadcasting, ValueError on mismatched shapes; a fresh C-contiguous result
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::operator_::detail_operator_add_ndarray {

// Operand traits: ndarray<T,N> (rank N), numpy scalar np_scalar<T> and Python scalars (rank 0).
template <class X>
struct info {
  static constexpr bool array = false;
  static constexpr std::size_t rank = 0;
  using elem = X;
  static const X* ptr(const X& x) { return &x; }
};
template <class T>
struct info<rt::np_scalar<T>> {
  static constexpr bool array = false;
  static constexpr std::size_t rank = 0;
  using elem = T;
  static const T* ptr(const rt::np_scalar<T>& x) { return &x.value; }
};
template <class T, std::size_t N>
struct info<rt::ndarray<T, N>> {
  static constexpr bool array = true;
  static constexpr std::size_t rank = N;
  using elem = T;
  static const T* ptr(const rt::ndarray<T, N>& x) { return x.data(); }
};

template <class X>
using elem_t = typename info<X>::elem;

// numpy's result dtype for mixed int64/float64/bool operands: float64 if any is floating.
template <class... X>
using promoted_t = std::conditional_t<(std::is_floating_point_v<elem_t<X>> || ...), double, std::int64_t>;

template <std::size_t M>
inline std::string shape_text(const rt::shape_t<M>& s, std::size_t r) {
  std::string out = "(";
  for (std::size_t k = M - r; k < M; ++k) {
    out += std::to_string(s[k]);
    if (r == 1 || k + 1 < M) out += ",";
  }
  return out + ")";
}

// Elementwise f over operands broadcast together (numpy rules); a fresh C-contiguous ndarray<R, M>,
// or rt::np_scalar<R> when no operand is an array.
template <class R, class F, class... X>
auto apply(F&& f, const X&... xs) {
  constexpr std::size_t K = sizeof...(X);
  constexpr std::size_t M = std::max({std::size_t{0}, info<X>::rank...});
  if constexpr (!(info<X>::array || ...)) {
    return rt::np_scalar<R>(static_cast<R>(f(*info<X>::ptr(xs)...)));
  } else {
    std::array<rt::shape_t<M>, K> dims{}, steps{};
    std::array<std::size_t, K> ranks{info<X>::rank...};
    rt::shape_t<M> shape{};
    shape.fill(1);
    bool bad = false;
    std::size_t j = 0;
    auto take = [&](const auto& x) {
      using XI = info<std::decay_t<decltype(x)>>;
      dims[j].fill(1);
      if constexpr (XI::array) {
        for (std::size_t k = 0; k < XI::rank; ++k) {
          const std::size_t a = M - XI::rank + k;
          const std::int64_t d = x.shape(k);
          dims[j][a] = d;
          if (d == 1) continue;
          steps[j][a] = x.strides()[k];
          if (shape[a] == 1) {
            shape[a] = d;
          } else if (shape[a] != d) {
            bad = true;
          }
        }
      }
      ++j;
    };
    (take(xs), ...);
    if (bad) {
      std::string msg = "operands could not be broadcast together with shapes ";
      for (std::size_t i = 0; i < K; ++i) msg += shape_text(dims[i], ranks[i]) + " ";
      throw rt::ValueError(msg);
    }
    for (std::size_t i = 0; i < K; ++i) {
      for (std::size_t a = 0; a < M; ++a) {
        if (dims[i][a] == 1) steps[i][a] = 0;
      }
    }
    auto out = rt::ndarray<R, M>::empty(shape);
    const std::int64_t total = out.size();
    if (total == 0) return out;
    // Coalesce axes: axis a merges into a+1 when every operand steps over it contiguously.
    std::array<std::int64_t, M> n{};
    std::array<std::array<std::int64_t, M>, K> s{};
    std::size_t nd = 0;
    for (std::size_t a = 0; a < M; ++a) {
      if (shape[a] == 1) continue;
      bool merge = nd > 0;
      for (std::size_t i = 0; i < K && merge; ++i) merge = s[i][nd - 1] == steps[i][a] * shape[a];
      if (merge) {
        n[nd - 1] *= shape[a];
        for (std::size_t i = 0; i < K; ++i) s[i][nd - 1] = steps[i][a];
      } else {
        n[nd] = shape[a];
        for (std::size_t i = 0; i < K; ++i) s[i][nd] = steps[i][a];
        ++nd;
      }
    }
    if (nd == 0) {
      n[0] = 1;
      nd = 1;
    }
    R* o = out.data();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      std::tuple<const elem_t<X>*...> p{info<X>::ptr(xs)...};
      const std::int64_t inner = n[nd - 1];
      const std::array<std::int64_t, K> is{s[I][nd - 1]...};
      const bool unit = ((is[I] == 1) && ...);
      std::array<std::int64_t, M> idx{};
      for (;;) {
        if (unit) {
          for (std::int64_t t = 0; t < inner; ++t) o[t] = static_cast<R>(f(std::get<I>(p)[t]...));
        } else {
          for (std::int64_t t = 0; t < inner; ++t) o[t] = static_cast<R>(f(std::get<I>(p)[t * is[I]]...));
        }
        o += inner;
        std::size_t k = nd - 1;
        for (;;) {
          if (k == 0) return;
          --k;
          if (++idx[k] < n[k]) {
            ((std::get<I>(p) += s[I][k]), ...);
            break;
          }
          ((std::get<I>(p) -= (n[k] - 1) * s[I][k]), ...);
          idx[k] = 0;
        }
      }
    }(std::index_sequence_for<X...>{});
    return out;
  }
}

// Wrapping int64 arithmetic (numpy integer ufuncs never raise on overflow).
inline std::int64_t wrap_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
inline std::int64_t wrap_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
inline std::int64_t wrap_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

}  // namespace oplib::operator_::detail_operator_add_ndarray

namespace oplib::operator_::detail_operator_add_ndarray {
// Operands whose elements are float64: Python float, numpy float64 or ndarray[float64, N].
template <class X>
concept f64 = std::is_same_v<elem_t<X>, double>;
}  // namespace oplib::operator_::detail_operator_add_ndarray

namespace oplib::operator_ {
template <detail_operator_add_ndarray::f64 A, detail_operator_add_ndarray::f64 B>
  requires(detail_operator_add_ndarray::info<A>::array || detail_operator_add_ndarray::info<B>::array)
auto add(const A& a, const B& b) {
  return detail_operator_add_ndarray::apply<double>([](double x, double y) { return x + y; }, a, b);
}
}  // namespace oplib::operator_
