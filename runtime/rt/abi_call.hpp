// rt::abi::call_library: calling an exported function of a compiled opsynth library from C++, the way
// the Python loader does (rt/abi.hpp): arguments as views of the caller's values, the result copied out
// of the library's memory (an argument returned as is stays that argument, and a view of an argument's
// memory stays a view of it, as in Python), lists and dicts updated in place from args_after, and an exception raised
// as the rt class of the same Python name. `opsynth verify --function` runs a compiled library in the
// verifier's sandboxed worker through this.
#pragma once

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
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

// Whether `node` holds len item nodes: a list, tuple or dict of nodes, not one packed in a buffer or, a
// dict, in two columns (whose two children hold only scalars and strs).
inline bool has_item_nodes(const opsynth_value& node) {
  const bool container = node.kind == OPSYNTH_LIST || node.kind == OPSYNTH_TUPLE || node.kind == OPSYNTH_DICT;
  return container && node.items != nullptr && !(node.kind == OPSYNTH_DICT && node.ndim == OPSYNTH_DICT_COLUMNS);
}

// Result nodes that are views of an input array (NDARRAY with i > 0) decode onto that input's buffer.
inline void find_input_views(const opsynth_value& node, const caller_inputs& inputs, call_context& c) {
  if (node.kind == OPSYNTH_NDARRAY) {
    if (node.i > 0 && static_cast<std::size_t>(node.i) <= inputs.array_owners.size() && inputs.array_owners[node.i - 1])
      c.host_views[&node] = inputs.array_owners[node.i - 1];
    return;
  }
  if (!has_item_nodes(node)) return;
  for (std::int64_t j = 0; j < node.len; ++j) find_input_views(node.items[j], inputs, c);
}

// The caller's lists and dicts at every depth, each with an id of its own, as the Python loader gives
// them: an argument's id is its 1-based position, those inside take ids from n + 1 on (one id per
// object, so aliases stay aliases). A result that is one of them (rows[0], sorted(rows)[0]) then comes
// back as that very object, and the library's after-state of each one updates it in place.
class caller_containers {
 public:
  explicit caller_containers(std::int64_t first_inner_id) : next_id_(first_inner_id) {}

  template <class T>
  void add(const T& x, std::int64_t id = 0) {
    if constexpr (is_variant<T>::value) {
      std::visit([&](const auto& alternative) { add(alternative); }, x);
    } else if constexpr (is_list<T>::value || is_dict<T>::value) {
      const auto [at, fresh] = ids_.emplace(x.identity(), id > 0 ? id : next_id_);
      if (!fresh) return;
      if (id <= 0) ++next_id_;
      const std::int64_t mine = at->second;
      remember_.push_back([x, mine] { remember_input(mine, x); });
      // Decodes the after-state (nested inputs by id, kept as the caller's objects); applying it later,
      // once every state is decoded, keeps the inputs' storage addresses stable while they are matched.
      decode_[mine] = [x](const opsynth_value& node) -> std::function<void()> {
        opsynth_value fresh_node = node;
        fresh_node.i = 0;
        caller_inputs keep;
        keep.containers = true;
        const T now = owned(from_value<T>(fresh_node), &keep);
        return [x, now] {
          x.clear();
          if constexpr (is_list<T>::value) {
            for (std::int64_t i = 0; i < now.len(); ++i) x.append(now.getitem(i));
          } else {
            for (const auto& k : now) x.setitem(k, now.getitem(k));
          }
        };
      };
      if constexpr (is_list<T>::value) {
        for (const auto& item : x) add(item);
      } else {
        x.for_each_item([&](const auto&, const auto& value) { add(value); });
      }
    } else if constexpr (requires { std::tuple_size<T>::value; }) {
      std::apply([&](const auto&... e) { (add(e), ...); }, x);
    }
  }

  // Registers every container in the current call_context (for encoding, or for decoding results).
  void remember_all() const {
    for (const auto& r : remember_) r();
  }

  // The library's after-state of argument `position` (1-based) and of every container inside it.
  void write_back(const opsynth_value& after, std::int64_t position) {
    if (after.kind == OPSYNTH_UNSET) return;
    collect(after, position);
  }
  // Applies what write_back collected, inside a context that knows every input.
  void apply_writes() {
    call_context context;
    context_scope scope(context);
    remember_all();
    std::vector<std::function<void()>> writes;
    for (const auto& [id, node] : after_) writes.push_back(decode_.at(id)(*node));
    for (const auto& w : writes) w();
  }

 private:
  void collect(const opsynth_value& node, std::int64_t id) {
    if ((node.kind == OPSYNTH_LIST || node.kind == OPSYNTH_DICT) && id > 0 && decode_.count(id))
      after_.emplace_back(id, &node);
    if (!has_item_nodes(node)) return;
    for (std::int64_t j = 0; j < node.len; ++j) collect(node.items[j], node.items[j].i);
  }

  std::int64_t next_id_;
  std::unordered_map<const void*, std::int64_t> ids_;
  std::vector<std::function<void()>> remember_;
  std::unordered_map<std::int64_t, std::function<std::function<void()>(const opsynth_value&)>> decode_;
  std::vector<std::pair<std::int64_t, const opsynth_value*>> after_;
};

}  // namespace detail

template <class R, class... A>
R call_library(library_function fn, library_release release, const A&... args) {
  constexpr std::size_t n = sizeof...(A);
  std::array<opsynth_value, n + 1> in{};
  std::array<opsynth_value, n + 1> after{};
  for (auto& v : in) v = detail::unset_value();
  for (auto& v : after) v = detail::unset_value();
  std::size_t k = 0;
  // Lists, dicts and arrays carry the caller's id (1-based position; lists and dicts inside them ids of
  // their own), so that args_after can name them and a result can say it is one of them, or a view of
  // one's memory.
  detail::caller_inputs inputs;
  inputs.array_owners.resize(n);
  detail::caller_containers containers(std::int64_t(n + 1));
  auto add_argument = [&](const auto& arg) {
    using T = std::decay_t<decltype(arg)>;
    ++k;
    containers.add(arg, detail::is_list<T>::value || detail::is_dict<T>::value ? std::int64_t(k) : 0);
  };
  (add_argument(args), ...);
  k = 0;
  auto identify = [&](const auto& arg) {
    using T = std::decay_t<decltype(arg)>;
    if constexpr (detail::is_list<T>::value || detail::is_dict<T>::value) in[k].i = std::int64_t(k + 1);
    if constexpr (detail::is_array<T>::value) {
      in[k].i = std::int64_t(k + 1);
      inputs.array_owners[k] = arg.owner();
    }
  };
  {
    detail::call_context encoding;
    detail::context_scope scope(encoding);
    containers.remember_all();
    ((to_value(args, &in[k]), identify(args), ++k), ...);
  }
  opsynth_value out = detail::unset_value();
  const int status = fn(in.data(), static_cast<std::int64_t>(n), &out, after.data());
  for (auto& v : in) rt::abi::release(&v);  // what to_value allocated here
  for (std::size_t i = 0; i < n; ++i) containers.write_back(after[i], std::int64_t(i + 1));
  containers.apply_writes();
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
    containers.remember_all();
    inputs.containers = true;
    detail::find_input_views(out, inputs, context);
    R result = detail::owned(from_value<R>(out), &inputs);
    release(&out);
    return result;
  }
}

}  // namespace rt::abi
