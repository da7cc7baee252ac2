// Elementwise chains computed in one pass. `(x - lo) / span` as two operators writes and reads a whole
// temporary between them; fused, each element is computed to the end while it is in a register. The
// generated code marks the array operands of a chain's inner operators with lazy(); an operator built on
// ufunc::apply then returns a deferred node (its function and operands) instead of computing, the next
// operator over that node defers too, and force() at the chain's root runs the composed function over all
// the leaves in one apply. The operators' own code is unchanged: a node rebuilds its function as F{},
// which is why only captureless functions defer (any other is computed at once, as before).
//
// The result is the same as operator by operator, bit for bit: each element goes through the same
// functions in the same order, converted to each node's result type as apply converts it. Two things
// could differ and are checked first, falling back to computing node by node: a node whose operands do
// not broadcast (its own ValueError, with its own shapes, is raised as before), and the result's memory
// layout, which numpy picks from the operands (a Fortran input gives a Fortran result): the fused apply
// sees the leaves, the last operator saw the intermediate results, and the two must pick the same.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "iteration_order.hpp"
#include "ndarray.hpp"

namespace rt::ufunc {

// An array the generated code marks: operators over it defer.
template <class A>
struct lazy_leaf {
  A array;
};
template <class T, std::size_t N>
lazy_leaf<ndarray<T, N>> lazy(const ndarray<T, N>& a) {
  return {a};
}

// A node's shape, padded on the left to M axes, and the element steps apply walks it with (0 along an
// axis of length 1). For a deferred node: the steps of the array apply would have allocated for it.
template <std::size_t M>
struct node_layout {
  shape_t<M> shape{};
  shape_t<M> steps{};
  bool broadcasts = true;
};

// f over the operands xs, not computed yet; F is empty and rebuilt as F{}. Its layout is worked out
// once, when it is made, so a chain costs one step per node however long it grows.
template <class R, class F, class... X>
struct deferred {
  static constexpr std::size_t rank = std::max({std::size_t{0}, operand<X>::rank...});
  std::tuple<X...> xs;
  node_layout<rank> layout;
};

template <class T, std::size_t N>
struct operand<lazy_leaf<ndarray<T, N>>> {
  static constexpr bool array = true;
  static constexpr bool numpy_scalar = false;
  static constexpr std::size_t rank = N;
  using elem = T;
};
template <class R, class F, class... X>
struct operand<deferred<R, F, X...>> {
  static constexpr bool array = true;
  static constexpr bool numpy_scalar = false;
  static constexpr std::size_t rank = deferred<R, F, X...>::rank;
  using elem = R;
};

template <class X>
struct is_deferred : std::false_type {};
template <class R, class F, class... X>
struct is_deferred<deferred<R, F, X...>> : std::true_type {};

template <class R, class F, class... X>
ndarray<R, operand<deferred<R, F, X...>>::rank> force(const deferred<R, F, X...>& d);

namespace detail {

// An operand as an eager apply takes it: a lazy leaf's array, a deferred node computed.
template <class X>
decltype(auto) materialize(const X& x) {
  if constexpr (is_lazy<X>) {
    if constexpr (is_deferred<X>::value) {
      return force(x);
    } else {
      return (x.array);
    }
  } else {
    return (x);
  }
}

template <class X>
struct leaf_count : std::integral_constant<std::size_t, 1> {};
template <class R, class F, class... X>
struct leaf_count<deferred<R, F, X...>> : std::integral_constant<std::size_t, (leaf_count<X>::value + ... + 0)> {};

// Where each operand's leaves start among its node's leaves.
template <class... X>
constexpr std::array<std::size_t, sizeof...(X)> leaf_offsets() {
  std::array<std::size_t, sizeof...(X)> out{};
  const std::size_t counts[] = {leaf_count<X>::value..., 0};
  std::size_t at = 0;
  for (std::size_t i = 0; i < sizeof...(X); ++i) {
    out[i] = at;
    at += counts[i];
  }
  return out;
}

template <class N>
struct node_parts;
template <class R, class F, class... X>
struct node_parts<deferred<R, F, X...>> {
  using result = R;
  using function = F;
  using operands = std::tuple<X...>;
  static constexpr auto offsets = leaf_offsets<X...>();
};

// The value of node N whose leaves' element values start at V's position O.
template <class N, std::size_t O, class V>
inline auto evaluate(const V& v);
template <class N, std::size_t O, class V, std::size_t... I>
[[gnu::always_inline]] inline auto evaluate_node(const V& v, std::index_sequence<I...>) {
  using P = node_parts<N>;
  using R = typename P::result;
  return static_cast<R>(typename P::function{}(
      evaluate<std::tuple_element_t<I, typename P::operands>, O + P::offsets[I]>(v)...));
}
template <class N, std::size_t O, class V>
[[gnu::always_inline]] inline auto evaluate(const V& v) {
  if constexpr (is_deferred<N>::value) {
    return evaluate_node<N, O>(v, std::make_index_sequence<std::tuple_size_v<typename node_parts<N>::operands>>{});
  } else {
    return std::get<O>(v);
  }
}

// The whole chain as one elementwise function of its leaves' values.
template <class D>
struct composed {
  template <class... V>
  [[gnu::always_inline]] auto operator()(V... v) const {
    return evaluate<D, 0>(std::tuple<V...>(v...));
  }
};

// The leaves, left to right, as apply takes them: arrays unwrapped, scalars as they are.
template <class X>
auto leaves(const X& x) {
  if constexpr (is_deferred<X>::value) {
    return std::apply([](const auto&... c) { return std::tuple_cat(leaves(c)...); }, x.xs);
  } else if constexpr (is_lazy<X>) {
    return std::tuple<const decltype(x.array)&>(x.array);
  } else {
    return std::tuple<const X&>(x);
  }
}

template <std::size_t M, class X>
node_layout<M> layout_of(const X& x) {
  node_layout<M> out;
  out.shape.fill(1);
  if constexpr (is_deferred<X>::value) {
    constexpr std::size_t r = X::rank;
    for (std::size_t k = 0; k < r; ++k) {
      out.shape[M - r + k] = x.layout.shape[k];
      out.steps[M - r + k] = x.layout.steps[k];
    }
    out.broadcasts = x.layout.broadcasts;
  } else if constexpr (is_lazy<X>) {
    return layout_of<M>(x.array);
  } else if constexpr (operand<X>::array) {
    constexpr std::size_t r = operand<X>::rank;
    for (std::size_t k = 0; k < r; ++k) {
      out.shape[M - r + k] = x.shape(k);
      out.steps[M - r + k] = x.strides()[k];
    }
  }
  for (std::size_t a = 0; a < M; ++a)
    if (out.shape[a] == 1) out.steps[a] = 0;
  return out;
}

// The strides numpy gives a result of `shape` over operands with these steps (0 along axes of length 1).
template <std::size_t M, std::size_t K>
shape_t<M> result_steps(const shape_t<M>& shape, const std::array<shape_t<M>, K>& operands) {
  auto s = rt::detail::strides_in_order(shape, rt::detail::keep_order<M>(shape, operands, false).axes);
  for (std::size_t k = 0; k < M; ++k)
    if (shape[k] == 1) s[k] = 0;
  return s;
}

// The layout of a node over operands xs: their broadcast shape, and the steps of the array apply would
// allocate for it.
template <std::size_t M, class... X>
node_layout<M> make_layout(const X&... xs) {
  const std::array<node_layout<M>, sizeof...(X)> children{layout_of<M>(xs)...};
  std::array<shape_t<M>, sizeof...(X)> steps{};
  node_layout<M> out;
  out.shape.fill(1);
  for (std::size_t i = 0; i < children.size(); ++i) {
    const auto& c = children[i];
    if (!c.broadcasts) return c;
    for (std::size_t a = 0; a < M; ++a) {
      if (c.shape[a] == 1) continue;
      if (out.shape[a] == 1) out.shape[a] = c.shape[a];
      else if (out.shape[a] != c.shape[a]) out.broadcasts = false;
    }
    steps[i] = c.steps;
  }
  if (out.broadcasts) out.steps = result_steps<M>(out.shape, steps);
  return out;
}

// A block of a deferred operand's values (nothing for other operands).
template <class X, std::int64_t B>
struct block_buffer {};
template <class R, class F, class... X, std::int64_t B>
struct block_buffer<deferred<R, F, X...>, B> {
  block_buffer() {}  // left uninitialised: a tuple value-initialises its elements, 4 KiB per call on 5-element rows
  alignas(64) std::array<R, B> values;
};

// A leaf at element `at` of a C-contiguous walk: a pointer into its array, or a scalar's value.
template <class L>
auto leaf_at(const L& l, std::int64_t at) {
  if constexpr (is_lazy<L>) {
    return leaf_at(l.array, at);
  } else if constexpr (operand<L>::array) {
    return static_cast<const elem_t<L>*>(l.data() + at);
  } else {
    return *operand<L>::ptr(l);
  }
}

// Operand x over elements [at, at + b) of a result every array of which is C-contiguous in its shape,
// as a run takes it: a pointer into an array, a scalar's value, a deferred operand computed into `buf`.
template <class X, std::int64_t B>
auto block_arg(block_buffer<X, B>& buf, const X& x, std::int64_t at, std::int64_t b) {
  if constexpr (is_deferred<X>::value) {
    std::apply(
        [&](const auto&... l) {
          unit_loop<typename node_parts<X>::result>(buf.values.data(), b, composed<X>{}, leaf_at(l, at)...);
        },
        leaves(x));
    return static_cast<const typename node_parts<X>::result*>(buf.values.data());
  } else {
    return leaf_at(x, at);
  }
}

// apply_runs over operands of a fused chain a block at a time, when every array the operands reach is
// C-contiguous in the result's own shape (the usual `np.exp(x - m)`): each deferred operand is computed
// for a block of elements into a buffer on the stack and `run` takes the block from there, so the
// temporary it would have been never exists. The result is C-ordered, as the eager call makes it from
// C-contiguous operands of one shape. Otherwise nullopt: the operands are computed first.
template <class R, class Run, class... X>
auto blocked_runs(Run& run, const X&... xs) {
  constexpr std::size_t M = std::max({std::size_t{0}, operand<X>::rank...});
  using Out = std::optional<ndarray<R, M>>;
  shape_t<M> shape{};
  bool found = false, plain = true;
  auto check = [&](const auto& leaf) {
    using L = std::decay_t<decltype(leaf)>;
    if constexpr (operand<L>::array) {
      if constexpr (operand<L>::rank != M) {
        plain = false;
      } else {
        if (!found) shape = leaf.shape();
        found = true;
        plain = plain && leaf.shape() == shape && leaf.is_c_contiguous();
      }
    }
  };
  (std::apply([&](const auto&... l) { (check(l), ...); }, leaves(xs)), ...);
  if (!found || !plain) return Out();
  auto out = ndarray<R, M>::empty(shape);
  const std::int64_t n = out.size();
  constexpr std::int64_t B = 512;
  std::tuple<block_buffer<X, B>...> buffers;
  for (std::int64_t at = 0; at < n; at += B) {
    const std::int64_t b = std::min(B, n - at);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      run(out.data() + at, b, block_arg<X, B>(std::get<I>(buffers), xs, at, b)...);
    }(std::index_sequence_for<X...>{});
  }
  return Out(std::move(out));
}

}  // namespace detail

// A lazy operand reaching apply: a deferred node when f can be rebuilt from its type, else computed now.
template <class R, class F, class... X>
auto defer(F&& f, const X&... xs) {
  using G = std::decay_t<F>;
  if constexpr (std::is_empty_v<G> && std::is_default_constructible_v<G>) {
    using D = deferred<R, G, X...>;
    D d{std::tuple<X...>(xs...), detail::make_layout<D::rank>(xs...)};
    // operands that do not broadcast raise here, with their shapes, as the eager call would
    if (!d.layout.broadcasts) (void)apply<R>(f, detail::materialize(xs)...);
    return d;
  } else {
    return apply<R>(f, detail::materialize(xs)...);
  }
}

// Whether force() computes d in one pass: every node broadcasts, and the leaves lay the result out as
// the last operator's operands would (d.layout.steps, worked out from them when d was made).
template <class R, class F, class... X>
bool fuses(const deferred<R, F, X...>& d) {
  constexpr std::size_t M = deferred<R, F, X...>::rank;
  if (!d.layout.broadcasts) return false;
  const auto leaves = std::apply(
      [](const auto&... l) { return std::array<shape_t<M>, sizeof...(l)>{detail::layout_of<M>(l).steps...}; }, detail::leaves(d));
  return d.layout.steps == detail::result_steps<M>(d.layout.shape, leaves);
}

template <class R, class F, class... X>
ndarray<R, operand<deferred<R, F, X...>>::rank> force(const deferred<R, F, X...>& d) {
  if (fuses(d))
    return std::apply([](const auto&... l) { return apply<R>(detail::composed<deferred<R, F, X...>>{}, l...); }, detail::leaves(d));
  return std::apply([](const auto&... c) { return apply<R>(F{}, detail::materialize(c)...); }, d.xs);
}

// A chain's root as the generated code reads it: anything but a deferred node is already computed (an
// operator whose function could not defer).
template <class X>
  requires(!is_deferred<X>::value)
const X& force(const X& x) {
  return x;
}

}  // namespace rt::ufunc
