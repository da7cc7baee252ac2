// rt::abi::call_library: calling an exported function of a compiled opsynth library from C++, the way
// the Python loader does (rt/abi.hpp): arguments as views of the caller's values, the result copied out
// of the library's memory, lists and dicts updated in place from args_after, and an exception raised
// as the rt class of the same Python name. `opsynth verify --function` runs a compiled library in the
// verifier's sandboxed worker through this.
#pragma once

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

// A value that owns its memory: arrays read from a library's result are views of memory the library
// frees on release, so they are copied, inside containers, tuples and unions too.
template <class T>
T owned(const T& x) {
  if constexpr (is_variant<T>::value) {
    return std::visit(
        [](const auto& alternative) {
          return T{std::in_place_type<std::decay_t<decltype(alternative)>>, owned(alternative)};
        },
        x);
  } else if constexpr (is_array<T>::value) {
    return x.copy();
  } else if constexpr (is_list<T>::value) {
    T out;
    for (std::int64_t i = 0; i < x.len(); ++i) out.append(owned(x.getitem(i)));
    return out;
  } else if constexpr (is_dict<T>::value) {
    T out;
    for (const auto& k : x) out.setitem(owned(k), owned(x.getitem(k)));
    return out;
  } else if constexpr (requires { std::tuple_size<T>::value; }) {
    return std::apply([](const auto&... e) { return T{owned(e)...}; }, x);
  } else {
    return x;
  }
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
  // Lists and dicts carry the caller's id (1-based position) so args_after can name them.
  ((to_value(args, &in[k]), in[k].i = (detail::is_list<std::decay_t<A>>::value || detail::is_dict<std::decay_t<A>>::value) ? std::int64_t(k + 1) : in[k].i,
    ++k),
   ...);
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
    R result = detail::owned(from_value<R>(out));
    release(&out);
    return result;
  }
}

}  // namespace rt::abi
