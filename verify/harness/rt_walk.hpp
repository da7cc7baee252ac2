// The worker's side of the sharing labels (verify/sharing.hpp): a depth-first walk of rt values that
// lists every list and dict by identity and every array by its view, in the order the oracle walks
// the Python objects (tuple items, list items, dict values; keys are immutable).
#pragma once

#include <cstddef>
#include <optional>
#include <tuple>
#include <variant>

#include "rt/dict.hpp"
#include "rt/list.hpp"
#include "rt/ndarray.hpp"
#include "verify/sharing.hpp"

namespace opsynth::verify::harness {

template <class T>
void walk_rt(const T&, Walk&) {}  // scalars, str, None: nothing a write could reach
template <class T, std::size_t N>
void walk_rt(const rt::ndarray<T, N>& a, Walk& w);
template <class T>
void walk_rt(const rt::list<T>& l, Walk& w);
template <class K, class V>
void walk_rt(const rt::dict<K, V>& d, Walk& w);
template <class... Ts>
void walk_rt(const std::tuple<Ts...>& t, Walk& w);
template <class... Ts>
void walk_rt(const std::variant<Ts...>& v, Walk& w);

template <class T, std::size_t N>
void walk_rt(const rt::ndarray<T, N>& a, Walk& w) {
  ArrayNode node;
  node.data = reinterpret_cast<const unsigned char*>(a.data());
  node.itemsize = static_cast<std::int64_t>(sizeof(T));
  for (std::size_t k = 0; k < N; ++k) {
    node.shape.push_back(a.shape()[k]);
    node.strides.push_back(a.strides()[k] * static_cast<std::int64_t>(sizeof(T)));
  }
  w.push_back(WalkNode{nullptr, std::move(node)});
}

template <class T>
void walk_rt(const rt::list<T>& l, Walk& w) {
  w.push_back(WalkNode{l.identity(), std::nullopt});
  for (const T& x : l) walk_rt(x, w);
}

template <class K, class V>
void walk_rt(const rt::dict<K, V>& d, Walk& w) {
  w.push_back(WalkNode{d.identity(), std::nullopt});
  d.for_each_item([&](const K&, const V& v) { walk_rt(v, w); });
}

template <class... Ts>
void walk_rt(const std::tuple<Ts...>& t, Walk& w) {
  std::apply([&](const auto&... x) { (walk_rt(x, w), ...); }, t);
}

template <class... Ts>
void walk_rt(const std::variant<Ts...>& v, Walk& w) {
  std::visit([&](const auto& x) { walk_rt(x, w); }, v);
}

template <class T>
Walk walk_of(const T& x) {
  Walk w;
  walk_rt(x, w);
  return w;
}

}  // namespace opsynth::verify::harness
