// The typed half of a candidate worker: decode a case into rt values, call the candidate, encode
// the outcome. Included by the generated worker source after rt/prelude.hpp and the candidate.
#pragma once

#include <cstring>
#include <new>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/value_rt.hpp"
#include "rt/prelude.hpp"
#include "verify/harness/rt_walk.hpp"
#include "verify/wire.hpp"

namespace opsynth::verify::harness {

template <class T>
struct is_ndarray : std::false_type {};
template <class T, std::size_t N>
struct is_ndarray<rt::ndarray<T, N>> : std::true_type {};

template <class T>
struct is_mutable : is_ndarray<T> {};
template <class T>
struct is_mutable<rt::list<T>> : std::true_type {};
template <class K, class V>
struct is_mutable<rt::dict<K, V>> : std::true_type {};

// The filler written into the parts of a strided base buffer that the view does not cover: a
// candidate that reads outside its view reads these.
template <class T>
T outside_view_filler() {
  if constexpr (std::is_floating_point_v<T>) return T(-7.75e10);
  else if constexpr (std::is_same_v<T, bool>) return true;
  else if constexpr (std::is_integral_v<T>) return T(-7777);
  else return T(-7.75e10, 3.5);
}

// Builds the same view numpy gets from the oracle (see ArrayLayout): base of |step| times the
// length per axis (axes reversed when transposed), viewed as base.T, then sliced with the steps.
template <class A>
A laid_out(const Value& value, const ArrayLayout& layout) {
  using T = typename A::value_type;
  constexpr std::size_t N = A::rank;
  const A logical = opsynth::to_rt<A>(value);
  typename A::shape_type base_shape{};
  for (std::size_t k = 0; k < N; ++k) {
    const std::int64_t step = k < layout.steps.size() ? layout.steps[k] : 1;
    base_shape[k] = logical.shape(k) * (step < 0 ? -step : step);
  }
  if (layout.transposed) std::reverse(base_shape.begin(), base_shape.end());
  A base = A::full(base_shape, outside_view_filler<T>());
  A view = layout.transposed ? base.transpose() : base;
  std::array<rt::slice, N> slices{};
  for (std::size_t k = 0; k < N; ++k)
    slices[k] = rt::slice{std::nullopt, std::nullopt, k < layout.steps.size() ? layout.steps[k] : 1};
  if constexpr (N > 0) view = view.slice(slices);
  view.assign(logical);
  return view;
}

template <class T>
T materialize(const Case& c, std::size_t i) {
  if constexpr (is_ndarray<T>::value) {
    if (i < c.layouts.size() && c.layouts[i] && !c.layouts[i]->contiguous()) return laid_out<T>(c.args[i], *c.layouts[i]);
  }
  return opsynth::to_rt<T>(c.args[i]);
}

// The view an aliasing argument takes of its target: the same handle, or a view of the same buffer.
template <class T>
T aliased(const T& target, AliasView view) {
  if constexpr (is_ndarray<T>::value) {
    if (view == AliasView::transposed) return target.transpose();
    if (view == AliasView::reversed && T::rank > 0) {
      std::array<rt::slice, T::rank> slices{};
      slices.fill(rt::slice{std::nullopt, std::nullopt, 1});
      slices[0] = rt::slice{std::nullopt, std::nullopt, -1};
      return target.slice(slices);
    }
  }
  return target;
}

// Argument j that aliases argument i gets the very same handle (same list, dict or buffer), or the view
// of the same buffer the case names.
template <std::size_t J, std::size_t I, class Tuple>
void alias_one(Tuple& args, const Case& c) {
  if constexpr (I < J) {
    using TI = std::tuple_element_t<I, Tuple>;
    using TJ = std::tuple_element_t<J, Tuple>;
    if constexpr (std::is_same_v<TI, TJ>) {
      if (J < c.aliases.size() && c.aliases[J] && *c.aliases[J] == I)
        std::get<J>(args) = aliased(std::get<I>(args), c.alias_view(J));
    }
    alias_one<J, I + 1>(args, c);
  }
}

template <class Tuple, std::size_t... J>
void apply_aliases(Tuple& args, const Case& c, std::index_sequence<J...>) {
  (alias_one<J, 0>(args, c), ...);
}

template <class Tuple, std::size_t... I>
void record_args_after(const Tuple& args, Outcome& o, std::index_sequence<I...>) {
  o.args_after.resize(sizeof...(I));
  ((is_mutable<std::tuple_element_t<I, Tuple>>::value ? void(o.args_after[I] = opsynth::from_rt(std::get<I>(args)))
                                                      : void()),
   ...);
}

// Where the result's arrays, lists and dicts live, against the arguments as they are after the call.
template <class R, class Tuple, std::size_t... I>
std::vector<SharedRun> sharing_of(const R& result, const Tuple& args, std::index_sequence<I...>) {
  const Walk walk = walk_of(result);
  if (walk.empty()) return {};
  return sharing_runs({walk_of(std::get<I>(args))...}, walk);
}

// Calls the candidate once on a case. Python exceptions become Raised with their Python class name;
// anything else a candidate throws can never match CPython and is reported as what it is.
template <class R, class... P, class Fn>
Outcome invoke_once(Fn&& fn, const Case& c) {
  Outcome o;
  if (c.args.size() != sizeof...(P)) {
    o.raised = Raised{"<protocol>", "case has the wrong number of arguments"};
    return o;
  }
  try {
    auto args = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple<P...>(materialize<P>(c, I)...);
    }(std::index_sequence_for<P...>{});
    apply_aliases(args, c, std::index_sequence_for<P...>{});
    try {
      if constexpr (std::is_void_v<R>) {
        std::apply(fn, args);
        o.result = Value(NoneValue{});
      } else {
        const R result = std::apply(fn, args);
        o.result = opsynth::from_rt(result);
        o.sharing = sharing_of(result, args, std::index_sequence_for<P...>{});
      }
    } catch (const rt::BaseException& e) {
      o.raised = Raised{e.python_name(), e.message()};
    } catch (const std::bad_alloc&) {
      o.raised = Raised{"MemoryError", ""};
    } catch (const std::exception& e) {
      o.raised = Raised{"<C++ exception>", e.what()};
    } catch (...) {
      o.raised = Raised{"<C++ exception>", "an object that is not a std::exception"};
    }
    record_args_after(args, o, std::index_sequence_for<P...>{});
  } catch (const std::exception& e) {
    // Decoding inputs or encoding outputs failed: a harness fault or a result the runtime cannot
    // represent; either way not a Python-visible outcome.
    o = Outcome{};
    o.raised = Raised{"<harness>", e.what()};
  }
  return o;
}

inline bool is_memory_error(const Outcome& o) { return o.raised && o.raised->exception == "MemoryError"; }

// Fresh heap memory is filled with this byte so that results read from uninitialized memory differ
// between the two runs of a case (the generated worker replaces operator new to use it).
inline unsigned char g_canary = 0xA5;

// Runs every case twice (with different canaries); a case whose two runs disagree byte for byte is
// reported as nondeterministic: caching across calls, uninitialized memory or randomness.
template <class R, class... P, class Fn>
std::vector<unsigned char> run_batch(Fn&& fn, std::span<const unsigned char> payload) {
  auto cases = decode_cases(payload);
  if (!cases) throw std::runtime_error("bad batch: " + cases.error().message);
  std::vector<Outcome> outcomes;
  outcomes.reserve(cases->size());
  std::vector<unsigned char> first, second;
  for (const Case& c : *cases) {
    g_canary = 0xA5;
    Outcome a = invoke_once<R, P...>(fn, c);
    g_canary = 0x5A;
    Outcome b = invoke_once<R, P...>(fn, c);
    first.clear(), second.clear();
    encode_outcome(a, first);
    encode_outcome(b, second);
    // Running out of memory depends on the heap's state, not on the candidate: no evidence either way.
    if (first != second && (is_memory_error(a) || is_memory_error(b))) {
      if (!is_memory_error(a)) a = std::move(b);
    } else if (first != second) {
      a = Outcome{};
      a.raised = Raised{"<nondeterministic>",
                        "two runs of the same case disagree (state kept across calls, uninitialized memory or "
                        "randomness)"};
    }
    outcomes.push_back(std::move(a));
  }
  std::vector<unsigned char> out;
  encode_outcomes(outcomes, out);
  return out;
}

}  // namespace opsynth::verify::harness

// Global allocation functions for the worker: canary-filled memory (see g_canary).
#define OPSYNTH_WORKER_CANARY_ALLOCATOR                                                          \
  void* operator new(std::size_t n) {                                                            \
    void* p = std::malloc(n ? n : 1);                                                            \
    if (!p) throw std::bad_alloc();                                                              \
    std::memset(p, opsynth::verify::harness::g_canary, n);                                       \
    return p;                                                                                    \
  }                                                                                              \
  void* operator new[](std::size_t n) { return ::operator new(n); }                              \
  void* operator new(std::size_t n, std::align_val_t al) {                                       \
    const std::size_t a = static_cast<std::size_t>(al);                                          \
    void* p = std::aligned_alloc(a, ((n ? n : 1) + a - 1) / a * a);                              \
    if (!p) throw std::bad_alloc();                                                              \
    std::memset(p, opsynth::verify::harness::g_canary, n);                                       \
    return p;                                                                                    \
  }                                                                                              \
  void* operator new[](std::size_t n, std::align_val_t al) { return ::operator new(n, al); }     \
  /* nothrow forms too (std::get_temporary_buffer, used by std::stable_sort): else ASan's own     \
     operator new pairs with our free() and reports a false alloc-dealloc mismatch */             \
  void* operator new(std::size_t n, const std::nothrow_t&) noexcept {                            \
    try { return ::operator new(n); } catch (...) { return nullptr; }                            \
  }                                                                                              \
  void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {                          \
    try { return ::operator new(n); } catch (...) { return nullptr; }                            \
  }                                                                                              \
  void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }                \
  void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }              \
  void operator delete(void* p) noexcept { std::free(p); }                                       \
  void operator delete[](void* p) noexcept { std::free(p); }                                     \
  void operator delete(void* p, std::size_t) noexcept { std::free(p); }                          \
  void operator delete[](void* p, std::size_t) noexcept { std::free(p); }                        \
  void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }                     \
  void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }                   \
  void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }        \
  void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
