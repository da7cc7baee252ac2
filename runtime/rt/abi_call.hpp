// rt::abi::call_library: calling an exported function of a compiled opsynth library from C++, the way
// the Python loader does (rt/abi.hpp): arguments as views of the caller's values, the result copied out
// of the library's memory (an argument returned as is stays that argument, and a view of an argument's
// memory stays a view of it, as in Python), lists and dicts updated in place from args_after, and an exception raised
// as the rt class of the same Python name. `opsynth verify --function` runs a compiled library in the
// verifier's sandboxed worker through this.
#pragma once

#include <algorithm>
#include <array>
#include <tuple>
#include <vector>
#include <string>
#include <type_traits>
#include <variant>

#include "abi_bridge.hpp"

namespace rt::abi {

using library_function = int (*)(const opsynth_value*, std::int64_t, opsynth_value*, opsynth_value*);
using library_release = void (*)(opsynth_value*);

// Throws the rt exception whose python_name() is `name`; an unknown name is a RuntimeError naming it,
// which a comparison with CPython's class then rejects.
[[noreturn]] inline void raise_python(const std::string& name, const std::string& message) {
#define RT_ABI_RAISE(Class) \
  if (name == Class(std::string()).python_name()) throw Class(message);
  RT_ABI_RAISE(ZeroDivisionError)
  RT_ABI_RAISE(OverflowError)
  RT_ABI_RAISE(FloatingPointError)
  RT_ABI_RAISE(ArithmeticError)
  RT_ABI_RAISE(IndexError)
  RT_ABI_RAISE(KeyError)
  RT_ABI_RAISE(LookupError)
  RT_ABI_RAISE(UnicodeError)
  RT_ABI_RAISE(AxisError)
  RT_ABI_RAISE(ValueError)
  RT_ABI_RAISE(TypeError)
  RT_ABI_RAISE(AttributeError)
  RT_ABI_RAISE(UnboundLocalError)
  RT_ABI_RAISE(NameError)
  RT_ABI_RAISE(AssertionError)
  RT_ABI_RAISE(RecursionError)
  RT_ABI_RAISE(NotImplementedError)
  RT_ABI_RAISE(RuntimeError)
  RT_ABI_RAISE(MemoryError)
  RT_ABI_RAISE(StopIteration)
  RT_ABI_RAISE(LinAlgError)
  RT_ABI_RAISE(Exception)
#undef RT_ABI_RAISE
  throw RuntimeError(name + ": " + message);
}

namespace detail {

template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<rt::list<T>> : std::true_type {};
template <class T>
struct is_dict : std::false_type {};
template <class K, class V>
struct is_dict<rt::dict<K, V>> : std::true_type {};
template <class T>
struct is_array : std::false_type {};
template <class T, std::size_t N>
struct is_array<rt::ndarray<T, N>> : std::true_type {};

template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

// What a result may keep rather than copy: views of the caller's input arrays (by the buffers' owners)
// and, inside a call_context that registered them, the caller's input lists and dicts themselves.
struct caller_inputs {
  std::vector<std::shared_ptr<const void>> array_owners;
  bool containers = false;
};

// A value that owns its memory: arrays read from a library's result are views of memory the library
// frees on release, so they are copied, inside containers, tuples and unions too; except what `keep`
// names, which is the caller's own (an argument returned as is, a view of one), as the Python loader
// gives it back.
template <class T>
T owned(const T& x, const caller_inputs* keep = nullptr) {
  if constexpr (is_variant<T>::value) {
    return std::visit(
        [keep](const auto& alternative) {
          return T{std::in_place_type<std::decay_t<decltype(alternative)>>, owned(alternative, keep)};
        },
        x);
  } else if constexpr (is_array<T>::value) {
    if (keep && x.owner() &&
        std::find(keep->array_owners.begin(), keep->array_owners.end(), x.owner()) != keep->array_owners.end())
      return x;
    return x.copy();
  } else if constexpr (is_list<T>::value) {
    if (keep && keep->containers && input_id_of(x) > 0) return x;
    T out;
    for (std::int64_t i = 0; i < x.len(); ++i) out.append(owned(x.getitem(i), keep));
    return out;
  } else if constexpr (is_dict<T>::value) {
    if (keep && keep->containers && input_id_of(x) > 0) return x;
    T out;
    for (const auto& k : x) out.setitem(owned(k, keep), owned(x.getitem(k), keep));
    return out;
  } else if constexpr (requires { std::tuple_size<T>::value; }) {
    return std::apply([keep](const auto&... e) { return T{owned(e, keep)...}; }, x);
  } else {
    return x;
  }
}

// Result nodes that are views of an input array (NDARRAY with i > 0) decode onto that input's buffer.
inline void find_input_views(const opsynth_value& node, const caller_inputs& inputs, call_context& c) {
  if (node.kind == OPSYNTH_NDARRAY) {
    if (node.i > 0 && static_cast<std::size_t>(node.i) <= inputs.array_owners.size() && inputs.array_owners[node.i - 1])
      c.host_views[&node] = inputs.array_owners[node.i - 1];
    return;
  }
  const bool has_items = node.kind == OPSYNTH_LIST || node.kind == OPSYNTH_TUPLE || node.kind == OPSYNTH_DICT;
  if (!has_items || node.items == nullptr) return;
  for (std::int64_t j = 0; j < node.len; ++j) find_input_views(node.items[j], inputs, c);
}

// The caller's list or dict takes the state the library reported after the call.
template <class T>
void write_back(const T& arg, const opsynth_value& after) {
  if (after.kind == OPSYNTH_UNSET) return;
  if constexpr (is_list<T>::value) {
    const T now = owned(from_value<T>(after));
    arg.clear();
    for (std::int64_t i = 0; i < now.len(); ++i) arg.append(now.getitem(i));
  } else if constexpr (is_dict<T>::value) {
    const T now = owned(from_value<T>(after));
    arg.clear();
    for (const auto& k : now) arg.setitem(k, now.getitem(k));
  }
}

}  // namespace detail

template <class R, class... A>
R call_library(library_function fn, library_release release, const A&... args) {
  constexpr std::size_t n = sizeof...(A);
  std::array<opsynth_value, n + 1> in{};
  std::array<opsynth_value, n + 1> after{};
  for (auto& v : in) v = detail::unset_value();
  for (auto& v : after) v = detail::unset_value();
  std::size_t k = 0;
  // Lists, dicts and arrays carry the caller's id (1-based position), so that args_after can name them and
  // a result can say it is one of them, or a view of one's memory.
  detail::caller_inputs inputs;
  inputs.array_owners.resize(n);
  auto identify = [&](const auto& arg) {
    using T = std::decay_t<decltype(arg)>;
    if constexpr (detail::is_list<T>::value || detail::is_dict<T>::value) in[k].i = std::int64_t(k + 1);
    if constexpr (detail::is_array<T>::value) {
      in[k].i = std::int64_t(k + 1);
      inputs.array_owners[k] = arg.owner();
    }
  };
  ((to_value(args, &in[k]), identify(args), ++k), ...);
  opsynth_value out = detail::unset_value();
  const int status = fn(in.data(), static_cast<std::int64_t>(n), &out, after.data());
  for (auto& v : in) rt::abi::release(&v);  // what to_value allocated here
  k = 0;
  ((detail::write_back(args, after[k]), ++k), ...);
  for (std::size_t i = 0; i < n; ++i) release(&after[i]);
  if (status != 0) {
    const std::string name = out.str ? std::string(out.str, out.len > 0 ? static_cast<std::size_t>(out.len) : 0) : "";
    std::string message;
    if (out.items && out.items[0].kind == OPSYNTH_STR && out.items[0].str)
      message.assign(out.items[0].str, static_cast<std::size_t>(out.items[0].len));
    release(&out);
    raise_python(name, message);
  }
  if constexpr (std::is_same_v<R, rt::none>) {
    release(&out);
    return rt::none{};
  } else {
    // Decoded where the inputs are known (after their write-back): an input list or dict comes back as
    // that very object, a view of an input array as a view of the caller's array.
    detail::call_context context;
    detail::context_scope scope(context);
    k = 0;
    auto remember = [&](const auto& arg) {
      using T = std::decay_t<decltype(arg)>;
      if constexpr (detail::is_list<T>::value || detail::is_dict<T>::value) detail::remember_input(std::int64_t(k + 1), arg);
    };
    ((remember(args), ++k), ...);
    inputs.containers = true;
    detail::find_input_views(out, inputs, context);
    R result = detail::owned(from_value<R>(out), &inputs);
    release(&out);
    return result;
  }
}

}  // namespace rt::abi
