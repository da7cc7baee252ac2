// numpy's elementwise machinery for operator families: operand traits (arrays, numpy scalars, Python
// scalars), the result dtype of bool/int64/float64 mixes, and broadcasting a function over operands
// into a fresh array laid out in numpy's order. Operators written as one template per family (arithmetic,
// comparisons, bitwise, power) share it instead of each carrying its own copy of the loop.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "exceptions.hpp"
#include "iteration_order.hpp"
#include "ndarray.hpp"
#include "scalar.hpp"

namespace rt::ufunc {

// Rank 0 for scalars; elem is the C++ element type numpy computes with.
template <class X>
struct operand {
  static constexpr bool array = false;
  static constexpr bool numpy_scalar = false;
  static constexpr std::size_t rank = 0;
  using elem = X;
  static const X* ptr(const X& x) { return &x; }
};
template <class T>
struct operand<np_scalar<T>> {
  static constexpr bool array = false;
  static constexpr bool numpy_scalar = true;
  static constexpr std::size_t rank = 0;
  using elem = T;
  static const T* ptr(const np_scalar<T>& x) { return &x.value; }
};
template <class T, std::size_t N>
struct operand<ndarray<T, N>> {
  static constexpr bool array = true;
  static constexpr bool numpy_scalar = false;
  static constexpr std::size_t rank = N;
  using elem = T;
  static const T* ptr(const ndarray<T, N>& x) { return x.data(); }
};

template <class X>
using elem_t = typename operand<std::decay_t<X>>::elem;

// Operands of a fused elementwise chain (rt/ufunc_fusion.hpp): apply defers over them.
template <class A>
struct lazy_leaf;
template <class R, class F, class... X>
struct deferred;
template <class X>
inline constexpr bool is_lazy = false;
template <class A>
inline constexpr bool is_lazy<lazy_leaf<A>> = true;
template <class R, class F, class... X>
inline constexpr bool is_lazy<deferred<R, F, X...>> = true;
template <class R, class F, class... X>
auto defer(F&& f, const X&... xs);
namespace detail {
template <class X>
decltype(auto) materialize(const X& x);
template <class R, class Run, class... X>
auto blocked_runs(Run& run, const X&... xs);
}  // namespace detail

// The element types this layer promotes: bool < int64 < float64 (numpy's kinds b < i < f).
template <class T>
concept real_elem = std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>;

template <class X>
concept real_operand = real_elem<elem_t<X>>;

template <class... X>
inline constexpr bool any_array = (operand<std::decay_t<X>>::array || ...);

// numpy 1.24's result dtype for operands of these kinds: the highest kind present. With one dtype per
// kind, value-based casting of Python and numpy scalars (int64 array + 1.5 is float64, bool array + 1
// is int64) gives the same answer.
template <class... X>
using promoted_t = std::conditional_t<(std::is_same_v<elem_t<X>, double> || ...), double,
                                      std::conditional_t<(std::is_same_v<elem_t<X>, std::int64_t> || ...),
                                                         std::int64_t, bool>>;

namespace detail {
template <std::size_t M>
std::string shape_text(const shape_t<M>& s, std::size_t rank) {
  std::string out = "(";
  for (std::size_t k = M - rank; k < M; ++k) {
    out += std::to_string(s[k]);
    if (rank == 1 || k + 1 < M) out += ",";
  }
  return out + ")";
}
// A contiguous run's operand as unit_loop takes it: an array's pointer, a scalar's value (read once,
// so no store into the result can be thought to change it).
template <class X>
auto unit_arg(const elem_t<X>* p) {
  if constexpr (operand<X>::array) {
    return p;
  } else {
    return *p;
  }
}
template <class T>
inline T unit_at(const T* p, std::int64_t t) {
  return p[t];
}
template <class T>
inline T unit_at(T v, std::int64_t) {
  return v;
}
// A strided run's array operand (rgb[..., 0], a column): element t at p[t * s].
template <class T>
struct strided_run {
  const T* p;
  std::int64_t s;
};
template <class T>
inline T unit_at(strided_run<T> a, std::int64_t t) {
  return a.p[t * a.s];
}
template <class X>
auto strided_arg(const elem_t<X>* p, std::int64_t s) {
  if constexpr (operand<X>::array) {
    return strided_run<elem_t<X>>{p, s};
  } else {
    return *p;
  }
}

// The contiguous inner loop as a function of its own, with a result that aliases nothing, so that GCC
// vectorises it whatever it would otherwise have been inlined into. On x86-64 it is built twice, for the
// baseline (SSE2) and for AVX2, and the loader picks the one the CPU runs: each element is still one
// IEEE operation as numpy does it (the AVX2 clone has no FMA, and -ffp-contract=off holds), so the two
// clones give the same bits; the AVX2 one divides four doubles an instruction, as numpy's AVX2 loops do.
#if defined(__x86_64__) && defined(__GNUC__)
#define OPSYNTH_RT_SIMD_CLONES gnu::target_clones("avx2", "default")
#else
#define OPSYNTH_RT_SIMD_CLONES
#endif
template <class R, class F, class... A>
[[gnu::noinline, OPSYNTH_RT_SIMD_CLONES]] void unit_loop(R* __restrict o, std::int64_t n, const F& f, A... a) {
  for (std::int64_t t = 0; t < n; ++t) o[t] = static_cast<R>(f(unit_at(a, t)...));
}
}  // namespace detail

// apply() with the contiguous runs handed to `run(R* out, n, a...)` whole, each a an operand's pointer
// (an array) or value (a scalar), as unit_loop takes them: for a kernel that works a block at a time
// (rt/fast_exp.hpp). `run` must give what f gives element by element; strided runs and scalars use f.
template <class R, class F, class Run, class... X>
auto apply_runs(F&& f, Run&& run, const X&... xs);

// f over the operands broadcast together (numpy's rules, ValueError naming the shapes otherwise), each
// result converted to R: a fresh ndarray<R, M> laid out as numpy lays it out (C order unless the
// operands' strides say otherwise), or np_scalar<R> when no operand is an array. Axes every operand walks contiguously are merged, so a contiguous case is one flat loop.
// An operand of a fused chain makes apply defer (apply_runs computes: its `run` is the operator's own).
template <class R, class F, class... X>
auto apply(F&& f, const X&... xs) {
  if constexpr ((is_lazy<X> || ...)) {
    return defer<R>(f, xs...);
  } else {
    return apply_runs<R>(
        f, [&](R* o, std::int64_t n, auto... a) { detail::unit_loop<R>(o, n, f, a...); }, xs...);
  }
}

template <class R, class F, class Run, class... X>
auto apply_runs(F&& f, Run&& run, const X&... xs) {
  constexpr std::size_t K = sizeof...(X);
  constexpr std::size_t M = std::max({std::size_t{0}, operand<X>::rank...});
  if constexpr ((is_lazy<X> || ...)) {
    if (auto out = detail::blocked_runs<R>(run, xs...)) return std::move(*out);
    return apply_runs<R>(f, run, detail::materialize(xs)...);
  } else if constexpr (!any_array<X...>) {
    return np_scalar<R>(static_cast<R>(f(*operand<X>::ptr(xs)...)));
  } else {
    std::array<shape_t<M>, K> dims{}, steps{};
    const std::array<std::size_t, K> ranks{operand<X>::rank...};
    shape_t<M> shape{};
    shape.fill(1);
    bool mismatch = false;
    std::size_t j = 0;
    auto take = [&](const auto& x) {
      using O = operand<std::decay_t<decltype(x)>>;
      dims[j].fill(1);
      if constexpr (O::array) {
        for (std::size_t k = 0; k < O::rank; ++k) {
          const std::size_t a = M - O::rank + k;
          const std::int64_t d = x.shape(k);
          dims[j][a] = d;
          if (d == 1) continue;
          steps[j][a] = x.strides()[k];
          if (shape[a] == 1) shape[a] = d;
          else if (shape[a] != d) mismatch = true;
        }
      }
      ++j;
    };
    (take(xs), ...);
    if (mismatch) {
      std::string msg = "operands could not be broadcast together with shapes ";
      for (std::size_t i = 0; i < K; ++i) msg += detail::shape_text(dims[i], ranks[i]) + " ";
      throw ValueError(msg);
    }
    for (std::size_t i = 0; i < K; ++i)
      for (std::size_t a = 0; a < M; ++a)
        if (dims[i][a] == 1) steps[i][a] = 0;
    // numpy allocates the result in its iterator's KEEPORDER (axes ordered by the operands' strides, C
    // order on a conflict, all strides positive): Fortran inputs give a Fortran result. The layout shows
    // in what reads the result in memory order (its sum), and walking the inputs' order is the fast way.
    const auto order = rt::detail::keep_order<M>(shape, steps, false);
    auto out = empty_in_order<R, M>(shape, order);
    if (out.size() == 0) return out;
    std::array<std::int64_t, M> n{};
    std::array<std::array<std::int64_t, M>, K> s{};
    std::size_t nd = 0;
    for (std::size_t axis = 0; axis < M; ++axis) {
      const std::size_t a = order.axes[axis];  // outermost first, so `out` is written contiguously
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
      std::tuple<const elem_t<X>*...> p{operand<X>::ptr(xs)...};
      const std::int64_t inner = n[nd - 1];
      const std::array<std::int64_t, K> is{s[I][nd - 1]...};
      const bool unit = ((!operand<X>::array || is[I] == 1) && ...);
      // One array operand repeated along the inner axis (stride 0: `x[:, None] + y`, an outer product)
      // and every other contiguous: its element is read once per row as a value, so the row vectorises
      // like a contiguous one instead of taking the strided loop.
      // (A lone operand never repeats along the inner axis: its length-1 axes drop out. Unary calls do
      // not instantiate the variant, which costs compile time.)
      int repeated = -1;
      if constexpr (K >= 2) {
        if (!unit && ((!operand<X>::array || is[I] == 1 || is[I] == 0) && ...) &&
            ((operand<X>::array && is[I] == 0 ? 1 : 0) + ...) == 1)
          ((repeated = operand<X>::array && is[I] == 0 ? static_cast<int>(I) : repeated), ...);
      }
      const auto row_with_repeated = [&]<std::size_t J>() {
        const auto arg = [&]<std::size_t L>() {
          if constexpr (L == J) return *std::get<L>(p);
          else return detail::unit_arg<std::tuple_element_t<L, std::tuple<X...>>>(std::get<L>(p));
        };
        detail::unit_loop<R>(o, inner, f, arg.template operator()<I>()...);
      };
      std::array<std::int64_t, M> idx{};
      for (;;) {
        if (unit) {
          run(o, inner, detail::unit_arg<X>(std::get<I>(p))...);
        } else if (repeated >= 0) {  // never with one operand, which leaves the variant uninstantiated
          if constexpr (K >= 2)
            ((repeated == static_cast<int>(I) ? (row_with_repeated.template operator()<I>(), 0) : 0), ...);
        } else {
          // unit_loop too: the result aliases no operand and a scalar is read once (inline here, each
          // element reloaded the operands through memory the store might have changed)
          detail::unit_loop<R>(o, inner, f, detail::strided_arg<X>(std::get<I>(p), is[I])...);
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

// numpy's integer ufuncs wrap modulo 2^64 and never raise on overflow.
inline std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
inline std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
inline std::int64_t wrapping_mul(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
}

}  // namespace rt::ufunc

#include "ufunc_fusion.hpp"
