// numpy's advanced indexing inside a tuple index: int64 and bool arrays beside ints, slices, None and ...
// (a[idx, :], a[:, mask], a[r, c], a[i, idx]). Reads copy; writes go position by position (a repeated
// position keeps the last value written) in C order, or with write_order::numpy in the order numpy's
// mapiter takes (iteration_order.hpp), which differs from C order only when no subspace is selected.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "advanced_index.hpp"
#include "basic_index.hpp"
#include "exceptions.hpp"
#include "iteration_order.hpp"
#include "ndarray.hpp"
#include "none.hpp"
#include "slice.hpp"

namespace rt {

namespace detail {

template <class P>
struct array_part {  // what a part contributes to the advanced index
  static constexpr bool is_array = false;
  static constexpr std::size_t axes = is_int_part<P> || std::is_same_v<P, slice>;  // axes of a it consumes
  static constexpr std::size_t advanced_axes = is_int_part<P>;  // ints are advanced (0-d) once an array is there
  static constexpr std::size_t broadcast_rank = 0;
};
template <std::size_t K>
struct array_part<ndarray<std::int64_t, K>> {
  static constexpr bool is_array = true;
  static constexpr std::size_t axes = 1, advanced_axes = 1, broadcast_rank = K;
};
template <std::size_t K>
struct array_part<ndarray<bool, K>> {  // a mask stands for its K nonzero() arrays, each 1-D
  static constexpr bool is_array = K >= 1;
  static constexpr std::size_t axes = K, advanced_axes = K, broadcast_rank = 1;
};

// The basic part that keeps an advanced part's axes whole in the view the positions are taken from.
template <class P>
auto whole_axes_for(const P& part) {
  if constexpr (array_part<P>::advanced_axes == 0) {
    return std::tuple<P>{part};
  } else {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return std::tuple{(static_cast<void>(I), slice{})...};
    }(std::make_index_sequence<array_part<P>::advanced_axes>{});
  }
}

// numpy's shape string without spaces, "(2,1)", for a shape known at run time.
inline std::string numpy_shape_string(const std::vector<std::int64_t>& dims) {
  std::string out = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i > 0 ? "," : "") + std::to_string(dims[i]);
  return out + (dims.size() == 1 ? ",)" : ")");
}

// One advanced index after numpy's preparation: the positions it picks along its axes, as offsets into
// the view (an int: one; a mask: its true positions, already in range) or raw values (an int array,
// checked once the arrays broadcast).
struct advanced_entry {
  std::vector<std::int64_t> shape;   // its own broadcast shape: () for an int, (count,) for a mask
  std::vector<std::int64_t> values;  // in C order
  std::vector<std::int64_t> layout;  // the strides of the array numpy iterates for it (none for an int)
  std::size_t axis = 0;              // a's axis, for numpy's messages
  std::int64_t size = 0, stride = 0;  // along that axis, in the view
  std::size_t shapes_in_message = 0;  // how many arrays numpy names for it in a broadcast error
  bool raw = false;                   // values still to check and scale (an int array)
  bool scalar = false;                // an int, checked before the arrays broadcast
};

// Where an advanced index's positions go: the broadcast shape B of the advanced indices, the offset of
// each position of B (C order) into the view, and the view's other axes (the subspace each position
// selects). With the advanced parts adjacent, B takes their place in the result; otherwise it comes first.
template <std::size_t RB, std::size_t S>
struct advanced_plan {
  static constexpr std::size_t subspace_rank = S, broadcast_rank = RB;
  shape_t<RB> broadcast{};
  std::vector<std::int64_t> offsets;
  shape_t<S> sub_shape{}, sub_strides{};
  std::size_t before = 0;  // result axes in front of B

  shape_t<RB + S> result_shape() const {
    shape_t<RB + S> out{};
    for (std::size_t k = 0; k < RB + S; ++k) {
      if (k < before) out[k] = sub_shape[k];
      else if (k < before + RB) out[k] = broadcast[k - before];
      else out[k] = sub_shape[k - RB];
    }
    return out;
  }

  // Splits strides laid out like the result into B's and the subspace's.
  std::pair<shape_t<RB>, shape_t<S>> split(const shape_t<RB + S>& strides) const {
    std::pair<shape_t<RB>, shape_t<S>> out{};
    for (std::size_t k = 0; k < RB + S; ++k) {
      if (k < before) out.second[k] = strides[k];
      else if (k < before + RB) out.first[k - before] = strides[k];
      else out.second[k - RB] = strides[k];
    }
    return out;
  }

  // Calls f(view offset, offset in an array laid out like the result with `strides`) for each position of
  // B, in C order or in `order` (B's axes, outermost first).
  template <class F>
  void for_each_position(const shape_t<RB>& b_strides, F&& f) const {
    std::array<std::int64_t, RB> pos{};
    std::int64_t at = 0;
    for (std::int64_t offset : offsets) {
      f(offset, at);
      next_position(pos, broadcast, b_strides, at);
    }
  }
  template <class F>
  void for_each_position(const shape_t<RB>& b_strides, const walk_order<RB>& order, F&& f) const {
    if (order.is_c()) return for_each_position(b_strides, f);
    walk_positions(order, broadcast, std::array<shape_t<RB>, 2>{c_strides(broadcast), b_strides},
                   [&](const std::array<std::int64_t, 2>& at) { f(offsets[static_cast<std::size_t>(at[0])], at[1]); });
  }

  // The index arrays as numpy's iterator sees them over B: each one's strides, 0 where it repeats.
  std::vector<shape_t<RB>> index_operands;
};

// The broadcast shape of the entries, or numpy's IndexError naming every array's shape.
template <std::size_t RB>
shape_t<RB> broadcast_entries(const std::vector<advanced_entry>& entries) {
  shape_t<RB> out{};
  out.fill(1);
  bool fits = true;
  for (const auto& e : entries) {
    for (std::size_t k = 0; k < e.shape.size(); ++k) {
      std::int64_t& d = out[RB - e.shape.size() + k];
      if (e.shape[k] == d || e.shape[k] == 1) continue;
      if (d == 1) d = e.shape[k];
      else fits = false;
    }
  }
  if (!fits) {
    std::string shapes;
    for (const auto& e : entries)
      for (std::size_t n = 0; n < e.shapes_in_message; ++n) shapes += numpy_shape_string(e.shape) + " ";
    throw IndexError("shape mismatch: indexing arrays could not be broadcast together with shapes " + shapes);
  }
  return out;
}

// The offset into the view of every position of the broadcast shape, in C order.
template <std::size_t RB>
std::vector<std::int64_t> position_offsets(const std::vector<advanced_entry>& entries, const shape_t<RB>& broadcast) {
  std::vector<std::int64_t> offsets(static_cast<std::size_t>(shape_size(broadcast)), 0);
  for (const auto& e : entries) {
    shape_t<RB> strides{};  // e's values broadcast to B: C-order strides, 0 on repeated axes
    std::int64_t step = 1;
    for (std::size_t k = e.shape.size(); k-- > 0;) {
      if (e.shape[k] != 1) strides[RB - e.shape.size() + k] = step;
      step *= e.shape[k];
    }
    std::array<std::int64_t, RB> pos{};
    std::int64_t from = 0;
    for (std::int64_t& offset : offsets) {
      offset += e.values[static_cast<std::size_t>(from)];
      next_position(pos, broadcast, strides, from);
    }
  }
  return offsets;
}

// numpy's preparation of a tuple index holding an array, in numpy's order of checks: each mask's shape,
// then the ints and slices left to right (an int out of range, a slice step of 0), then the arrays
// broadcast together; `check_values` (a setitem's value shape) runs next, and only then are the int
// arrays' values checked (not when the result holds nothing because the broadcast or the subspace is
// empty: numpy 1.x lets them through). Gives the view of a with every advanced part's axes kept whole,
// and the plan of positions over it.
template <std::size_t RB, class T, std::size_t N, class... P>
auto plan_advanced(const ndarray<T, N>& a, auto&& check_values, const P&... parts) {
  constexpr std::size_t NV = N + count_newaxes<P...>;
  constexpr std::size_t S = NV - (array_part<P>::advanced_axes + ... + 0);
  constexpr std::size_t spanned = N - (array_part<P>::axes + ... + 0);  // the axes `...` stands for
  std::vector<advanced_entry> entries;
  std::vector<std::pair<std::size_t, slice>> slices;  // checked after the masks, with the ints
  std::array<bool, NV> advanced{};
  std::size_t axis = 0, v = 0, part = 0, first = sizeof...(P), last = 0, count = 0;
  auto take = [&](const auto& p) {
    using Part = std::decay_t<decltype(p)>;
    if constexpr (array_part<Part>::advanced_axes > 0) {
      advanced_entry e;
      e.axis = axis;
      e.size = a.shape(axis);
      e.stride = a.strides()[axis];  // the view keeps the axis whole: the same stride
      if constexpr (is_int_part<Part>) {
        e.values = {static_cast<std::int64_t>(p)};
        e.scalar = true;
      } else if constexpr (std::is_same_v<typename Part::value_type, bool>) {
        constexpr std::size_t K = Part::ndim();
        shape_t<K> dims{}, strides{};
        for (std::size_t k = 0; k < K; ++k) {
          dims[k] = a.shape(axis + k);
          strides[k] = a.strides()[axis + k];
        }
        e.values = mask_offsets(p, dims, strides, axis);
        e.shape = {static_cast<std::int64_t>(e.values.size())};
        e.layout = {1};  // numpy iterates the mask's nonzero() arrays, each new and contiguous
        e.shapes_in_message = K;
      } else {
        e.shape.assign(p.shape().begin(), p.shape().end());
        e.values = p.to_vector();
        e.layout.assign(p.strides().begin(), p.strides().end());
        e.shapes_in_message = 1;
        e.raw = true;
      }
      entries.push_back(std::move(e));
      for (std::size_t k = 0; k < array_part<Part>::advanced_axes; ++k) advanced[v + k] = true;
      first = std::min(first, part);
      last = part;
      ++count;
    } else if constexpr (std::is_same_v<Part, slice>) {
      slices.emplace_back(entries.size(), p);
    }
    if constexpr (std::is_same_v<Part, ellipsis_t>) {
      axis += spanned;
      v += spanned;
    } else {
      axis += array_part<Part>::axes;
      v += array_part<Part>::axes + std::size_t{std::is_same_v<Part, none>};
    }
    ++part;
  };
  (take(parts), ...);
  auto next_slice = slices.begin();  // ints and slices in the order written
  auto check_slices_before = [&](std::size_t entry) {
    for (; next_slice != slices.end() && next_slice->first <= entry; ++next_slice)
      (void)adjust(next_slice->second, 1);  // raises only for a step of 0
  };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    check_slices_before(i);
    advanced_entry& e = entries[i];
    if (e.scalar) e.values[0] = checked_index(e.values[0], e.axis, e.size) * e.stride;
  }
  check_slices_before(entries.size());
  const auto view =
      std::apply([&](const auto&... b) { return basic_view(a, b...); }, std::tuple_cat(whole_axes_for(parts)...));
  advanced_plan<RB, S> plan;
  plan.broadcast = broadcast_entries<RB>(entries);
  if (last - first + 1 == count)  // adjacent: B goes where the first advanced axis is
    plan.before = static_cast<std::size_t>(std::find(advanced.begin(), advanced.end(), true) - advanced.begin());
  std::size_t s = 0;
  for (std::size_t k = 0; k < NV; ++k) {
    if (advanced[k]) continue;
    plan.sub_shape[s] = view.shape(k);
    plan.sub_strides[s] = view.strides()[k];
    ++s;
  }
  check_values(plan.result_shape());
  const bool selects_nothing = shape_size(plan.sub_shape) == 0 || shape_size(plan.broadcast) == 0;
  for (auto& e : entries) {
    if (!e.raw) continue;
    for (std::int64_t& i : e.values) i = selects_nothing ? 0 : checked_index(i, e.axis, e.size) * e.stride;
  }
  plan.offsets = position_offsets(entries, plan.broadcast);
  for (const auto& e : entries) {
    if (e.layout.empty()) continue;
    shape_t<RB> strides{};
    for (std::size_t k = 0; k < e.shape.size(); ++k)
      if (e.shape[k] != 1) strides[RB - e.shape.size() + k] = e.layout[k];
    plan.index_operands.push_back(strides);
  }
  return std::pair{view, plan};
}

}  // namespace detail

// An encoded index part (basic_index.hpp's index_part) or an int64 or bool array, which stays itself.
template <class E>
E advanced_part(const E& part)
  requires(detail::array_part<E>::is_array)
{
  return part;
}
template <class E>
auto advanced_part(const E& part) -> decltype(index_part(part)) {
  return index_part(part);
}
template <class E>
using advanced_part_t = decltype(advanced_part(std::declval<const E&>()));

// An index with at least one array that numpy takes: one `...` at most, no more axes than a has.
template <std::size_t N, class... P>
inline constexpr bool advanced_index_is_valid = (detail::array_part<P>::is_array || ...) &&
                                                detail::count_ellipses<P...> <= 1 &&
                                                (detail::array_part<P>::axes + ... + 0) <= N;

namespace detail {
template <class... P>
inline constexpr std::size_t advanced_broadcast_rank = std::max({std::size_t{0}, array_part<P>::broadcast_rank...});
}  // namespace detail

// Rank of a[parts...]: the view's axes (a's and the new ones) less the advanced ones, plus B's.
template <std::size_t N, class... P>
inline constexpr std::size_t advanced_index_rank = N + detail::count_newaxes<P...> -
                                                   (detail::array_part<P>::advanced_axes + ... + 0) +
                                                   detail::advanced_broadcast_rank<P...>;

// a[parts...] with an int64 or bool array among the parts: a new array, C-ordered, or with
// write_order::numpy laid out as numpy lays it out (in the index arrays' order when no subspace is
// selected), so that a later write through it keeps what numpy keeps.
template <write_order O = write_order::c, class T, std::size_t N, class... P>
  requires(advanced_index_is_valid<N, P...>)
ndarray<T, advanced_index_rank<N, P...>> advanced_index(const ndarray<T, N>& a, const P&... parts) {
  constexpr std::size_t RB = detail::advanced_broadcast_rank<P...>;
  const auto planned = detail::plan_advanced<RB>(a, [](const auto&) {}, parts...);
  const auto& [view, plan] = planned;
  auto out = [&] {
    if constexpr (O == write_order::numpy && std::decay_t<decltype(plan)>::subspace_rank == 0) {
      return empty_in_order<T>(plan.broadcast, detail::keep_order(plan.broadcast, plan.index_operands, false));
    } else {
      return ndarray<T, advanced_index_rank<N, P...>>::empty(plan.result_shape());
    }
  }();
  const auto [b_strides, sub_out] = plan.split(out.strides());
  plan.for_each_position(b_strides, [&](std::int64_t from, std::int64_t to) {
    detail::walk2(out.data() + to, sub_out, view.data() + from, plan.sub_strides, plan.sub_shape,
                  [](T& d, const T& s) { d = s; });
  });
  return out;
}

// a[parts...] = value with an int64 or bool array among the parts: a number into every selected
// element, or an array of a's dtype broadcast to the indexing result's shape (numpy's ValueError when it
// does not), read as numpy reads it, position by position (no copy when it shares a's buffer), in the
// order O names.
template <write_order O = write_order::c, class T, std::size_t N, class V, class... P>
  requires(advanced_index_is_valid<N, P...>)
void advanced_assign(const ndarray<T, N>& a, const V& value, const P&... parts) {
  if (!a.writeable()) throw ValueError("assignment destination is read-only");
  constexpr std::size_t R = advanced_index_rank<N, P...>;
  shape_t<R> value_strides{};
  auto check_values = [&](const shape_t<R>& shape) {
    if constexpr (!std::is_same_v<V, T>) value_strides = detail::broadcast_strides(value, shape);
  };
  auto planned = detail::plan_advanced<detail::advanced_broadcast_rank<P...>>(a, check_values, parts...);
  auto& [view, plan] = planned;  // view: a's buffer, written through
  constexpr std::size_t S = std::decay_t<decltype(plan)>::subspace_rank;
  if constexpr (std::is_same_v<V, T>) {
    // One value everywhere: the order of the writes cannot show.
    auto write = [&value](T& d) { d = value; };
    plan.for_each_position(shape_t<R - S>{}, [&](std::int64_t at, std::int64_t) {
      detail::walk<S>(view.data() + at, plan.sub_shape, plan.sub_strides, write);
    });
  } else {
    // No copy of a value that shares a's buffer: numpy's mapiter reads it as it writes (positions
    // outer, the subspace inner), so a later position may read an element written before. With a
    // subspace numpy walks the positions in C order; without one, in its iterator's order over the
    // index arrays and the value.
    const auto [b_strides, sub_from] = plan.split(value_strides);
    auto order = detail::c_order<std::decay_t<decltype(plan)>::broadcast_rank>();
    if constexpr (O == write_order::numpy && S == 0) {
      auto operands = plan.index_operands;
      operands.push_back(b_strides);
      order = detail::keep_order(plan.broadcast, operands, true);
    }
    plan.for_each_position(b_strides, order, [&](std::int64_t at, std::int64_t src) {
      detail::walk2(view.data() + at, plan.sub_strides, value.data() + src, sub_from, plan.sub_shape,
                    [](T& d, const T& s) { d = s; });
    });
  }
}

}  // namespace rt
