// rt::ndarray<T, N>: numpy arrays with reference semantics (views share one buffer), strides in elements.
#pragma once

#include <algorithm>
#include <array>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "buffer_pool.hpp"
#include "exceptions.hpp"
#include "slice.hpp"

namespace rt {

template <std::size_t N>
using shape_t = std::array<std::int64_t, N>;

template <class T, std::size_t N>
class ndarray;

namespace detail {

template <std::size_t N>
std::int64_t shape_size(const shape_t<N>& shape) {
  std::int64_t n = 1;
  for (std::int64_t d : shape) n *= d;
  return n;
}

// Python's tuple repr, "(2, 3)" / "(2,)" / "()": what np.broadcast_shapes prints.
template <class Seq>
std::string tuple_repr(const Seq& dims) {
  std::string out = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(dims[i]);
  }
  return out + (dims.size() == 1 ? ",)" : ")");
}

// numpy's convert_shape_to_string, "(4,2)" / "(4,)" / "()": used by reshape and broadcast_to errors.
// Leading negative (unknown) dimensions are skipped, later ones print as "newaxis", like numpy does.
template <std::size_t N>
std::string numpy_shape_string(const shape_t<N>& dims) {
  std::size_t i = 0;
  while (i < N && dims[i] < 0) ++i;
  if (i == N) return "()";
  std::string out = std::to_string(dims[i++]);
  for (; i < N; ++i) out += dims[i] < 0 ? std::string(",newaxis") : "," + std::to_string(dims[i]);
  return N == 1 ? "(" + out + ",)" : "(" + out + ")";
}

// Strides of a fresh C-ordered buffer; zero-length axes count as 1 so strides stay distinct.
template <std::size_t N>
shape_t<N> c_strides(const shape_t<N>& shape) {
  shape_t<N> strides{};
  std::int64_t step = 1;
  for (std::size_t k = N; k-- > 0;) {
    strides[k] = step;
    step *= std::max<std::int64_t>(shape[k], 1);
  }
  return strides;
}

// numpy's contiguity flags: axes of length 1 have no say, and an empty array is contiguous.
template <std::size_t N>
bool is_contiguous(const shape_t<N>& shape, const shape_t<N>& strides, bool c_order) {
  for (std::int64_t d : shape) {
    if (d == 0) return true;
  }
  std::int64_t expected = 1;
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t k = c_order ? N - 1 - i : i;
    if (shape[k] == 1) continue;
    if (strides[k] != expected) return false;
    expected *= shape[k];
  }
  return true;
}

template <std::size_t N>
void check_dimensions(const shape_t<N>& shape) {
  for (std::int64_t d : shape) {
    if (d < 0) throw ValueError("negative dimensions are not allowed");
  }
}

[[noreturn, gnu::noinline, gnu::cold]] inline void throw_index_error(std::int64_t index, std::size_t axis,
                                                                 std::int64_t size) {
  throw IndexError("index " + std::to_string(index) + " is out of bounds for axis " + std::to_string(axis) +
                   " with size " + std::to_string(size));
}

inline std::int64_t checked_index(std::int64_t index, std::size_t axis, std::int64_t size) {
  const auto i = normalize_index(index, size);
  if (!i) throw_index_error(index, axis, size);
  return *i;
}

// g(row, n, stride) for each innermost row of a non-empty array's elements, rows in C order: the outer
// axes advance like an odometer.
template <std::size_t N, class P, class G>
[[gnu::always_inline]] inline void for_each_row(P base, const shape_t<N>& shape, const shape_t<N>& strides, G&& g) {
  static_assert(N >= 1, "rows need an axis");
  std::array<std::int64_t, N> idx{};
  for (P row = base;;) {
    g(row, shape[N - 1], strides[N - 1]);
    std::size_t k = N - 1;
    for (;;) {
      if (k == 0) return;
      --k;
      if (++idx[k] < shape[k]) {
        row += strides[k];
        break;
      }
      row -= (shape[k] - 1) * strides[k];
      idx[k] = 0;
    }
  }
}

// Visits every element in C order: each row a strided pointer walk (for_each_row); a C-contiguous layout
// collapses into one flat loop. Inlined into its caller: a visitor that writes through a captured cursor
// (`*dst++ = v`, copies and astype) kept that cursor in memory across the call, one load and store per
// element and no vectorising.
template <std::size_t N, class P, class F>
[[gnu::always_inline]] inline void walk(P base, const shape_t<N>& shape, const shape_t<N>& strides, F& f) {
  if constexpr (N == 0) {
    f(*base);
  } else {
    if (shape_size(shape) == 0) return;
    if (is_contiguous(shape, strides, true)) {
      const std::int64_t n = shape_size(shape);
      for (std::int64_t i = 0; i < n; ++i) f(base[i]);
      return;
    }
    for_each_row<N>(base, shape, strides, [&](P row, std::int64_t n, std::int64_t s) {
      for (std::int64_t j = 0; j < n; ++j, row += s) f(*row);
    });
  }
}

// Two operands of one shape visited together in C order (assignment, copies).
template <std::size_t N, class P, class Q, class F>
void walk2(P a, const shape_t<N>& a_strides, Q b, const shape_t<N>& b_strides, const shape_t<N>& shape, F&& f) {
  if constexpr (N == 0) {
    f(*a, *b);
  } else {
    if (shape_size(shape) == 0) return;
    const std::int64_t inner_n = shape[N - 1], sa = a_strides[N - 1], sb = b_strides[N - 1];
    std::array<std::int64_t, N> idx{};
    for (;;) {
      P pa = a;
      Q pb = b;
      if (sa == 1 && sb == 1) {  // contiguous rows: an indexed loop the compiler vectorises
        for (std::int64_t j = 0; j < inner_n; ++j) f(pa[j], pb[j]);
      } else if (sa == 1 && sb == 0) {  // b broadcast along the row (np.repeat's runs): one value, read once
        const auto value = *pb;
        for (std::int64_t j = 0; j < inner_n; ++j) f(pa[j], value);
      } else {
        for (std::int64_t j = 0; j < inner_n; ++j, pa += sa, pb += sb) f(*pa, *pb);
      }
      std::size_t k = N - 1;
      for (;;) {
        if (k == 0) return;
        --k;
        if (++idx[k] < shape[k]) {
          a += a_strides[k];
          b += b_strides[k];
          break;
        }
        a -= (shape[k] - 1) * a_strides[k];
        b -= (shape[k] - 1) * b_strides[k];
        idx[k] = 0;
      }
    }
  }
}

}  // namespace detail

// np.broadcast_shapes: the shape every argument broadcasts to, or numpy's ValueError naming the first
// two arguments that disagree (same walk as numpy's PyArray_Broadcast: axes outer, arguments inner).
template <std::size_t... Ns>
shape_t<std::max({std::size_t{0}, Ns...})> broadcast_shapes(const shape_t<Ns>&... shapes) {
  constexpr std::size_t M = std::max({std::size_t{0}, Ns...});
  const std::vector<std::vector<std::int64_t>> args{std::vector<std::int64_t>(shapes.begin(), shapes.end())...};
  for (const auto& a : args) {
    for (std::int64_t d : a) {
      if (d < 0) throw ValueError("negative dimensions are not allowed");
    }
  }
  shape_t<M> out{};
  for (std::size_t i = 0; i < M; ++i) {
    out[i] = 1;
    std::size_t source = 0;
    for (std::size_t j = 0; j < args.size(); ++j) {
      const std::int64_t k = static_cast<std::int64_t>(i + args[j].size()) - static_cast<std::int64_t>(M);
      if (k < 0 || args[j][k] == 1) continue;
      if (out[i] == 1) {
        out[i] = args[j][k];
        source = j;
      } else if (out[i] != args[j][k]) {
        throw ValueError(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg " +
            std::to_string(source) + " with shape " + detail::tuple_repr(args[source]) + " and arg " +
            std::to_string(j) + " with shape " + detail::tuple_repr(args[j]) + ".");
      }
    }
  }
  return out;
}

// An N-dimensional numpy array. Copying an ndarray copies the reference, never the elements (Python
// assignment); views (slices, transpose, broadcast_to, reshape when possible) share the buffer and keep
// it alive. Strides count elements and may be negative or zero; data() points at element (0, ..., 0).
//
// Const is deep for element access (a const ndarray& hands out const T&), but views taken from a const
// array are ordinary ndarrays, as in numpy, which has no const. Arrays from broadcast_to are read-only:
// fill() and assign() raise numpy's ValueError; unchecked element references are the caller's duty.
template <class T, std::size_t N>
class ndarray {
  static_assert(!std::is_const_v<T> && !std::is_reference_v<T>, "ndarray<T, N> holds plain element types");

 public:
  using value_type = T;
  using shape_type = shape_t<N>;
  static constexpr std::size_t rank = N;

  // A zero-filled array of shape (0, ..., 0); for N == 0 a single zero.
  ndarray() : ndarray(zeros(shape_type{})) {}

  // --- factories -------------------------------------------------------------------------------------

  // Uninitialized elements (np.empty).
  static ndarray empty(const shape_type& shape) {
    detail::check_dimensions(shape);
    auto buffer = buffer_pool::make_array<T>(static_cast<std::size_t>(detail::shape_size(shape)));
    T* data = buffer.get();
    return ndarray(std::move(buffer), data, shape, detail::c_strides(shape), true);
  }

  static ndarray zeros(const shape_type& shape) { return full(shape, T{}); }

  static ndarray full(const shape_type& shape, const T& value) {
    ndarray a = empty(shape);
    std::fill_n(a.data_, a.size(), value);
    return a;
  }

  // Takes over `values` (no copy except for bool, which std::vector packs into bits) as a C-ordered
  // array of `shape`; a size mismatch raises what np.reshape raises.
  static ndarray from_vector(std::vector<T> values, const shape_type& shape) {
    detail::check_dimensions(shape);
    if (static_cast<std::int64_t>(values.size()) != detail::shape_size(shape)) {
      throw ValueError("cannot reshape array of size " + std::to_string(values.size()) + " into shape " +
                       detail::numpy_shape_string(shape));
    }
    if constexpr (std::is_same_v<T, bool>) {
      ndarray a = empty(shape);
      std::copy(values.begin(), values.end(), a.data_);
      return a;
    } else {
      auto owner = std::make_shared<std::vector<T>>(std::move(values));
      T* data = owner->data();
      return ndarray(std::move(owner), data, shape, detail::c_strides(shape), true);
    }
  }

  // Wraps memory this array does not own (zero-copy from numpy through the C ABI). `data` points at
  // element (0, ..., 0); strides are in elements. `keep_alive`, if given, is held by every view.
  static ndarray wrap(T* data, const shape_type& shape, const shape_type& strides,
                      std::shared_ptr<const void> keep_alive = {}, bool writeable = true) {
    detail::check_dimensions(shape);
    return ndarray(std::move(keep_alive), data, shape, strides, writeable);
  }

  // Same with numpy's byte strides; a stride that is not a whole number of elements cannot be wrapped.
  static ndarray wrap_byte_strides(T* data, const shape_type& shape, const shape_type& byte_strides,
                                   std::shared_ptr<const void> keep_alive = {}, bool writeable = true) {
    shape_type strides{};
    for (std::size_t k = 0; k < N; ++k) {
      if (byte_strides[k] % static_cast<std::int64_t>(sizeof(T)) != 0) {
        throw ValueError("ndarray stride of " + std::to_string(byte_strides[k]) +
                         " bytes is not a multiple of the item size " + std::to_string(sizeof(T)));
      }
      strides[k] = byte_strides[k] / static_cast<std::int64_t>(sizeof(T));
    }
    return wrap(data, shape, strides, std::move(keep_alive), writeable);
  }

  // --- layout ----------------------------------------------------------------------------------------

  static constexpr std::size_t ndim() noexcept { return N; }
  const shape_type& shape() const noexcept { return shape_; }
  std::int64_t shape(std::size_t axis) const noexcept { return shape_[axis]; }
  const shape_type& strides() const noexcept { return strides_; }
  std::int64_t size() const noexcept { return detail::shape_size(shape_); }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  bool writeable() const noexcept { return writeable_; }
  bool is_c_contiguous() const noexcept { return detail::is_contiguous(shape_, strides_, true); }
  bool is_f_contiguous() const noexcept { return detail::is_contiguous(shape_, strides_, false); }
  // The object keeping the buffer alive (null for wrapped memory without keep_alive).
  const std::shared_ptr<const void>& owner() const noexcept { return owner_; }
  bool shares_buffer_with(const auto& other) const noexcept {
    return owner_ != nullptr && owner_ == other.owner();
  }

  // --- element access --------------------------------------------------------------------------------

  // Unchecked: indices must be in [0, shape) (no negative wrap-around).
  template <class... I>
    requires(sizeof...(I) == N && (std::is_integral_v<I> && ...))
  T& operator()(I... index) noexcept {
    return data_[offset_of({static_cast<std::int64_t>(index)...})];
  }
  template <class... I>
    requires(sizeof...(I) == N && (std::is_integral_v<I> && ...))
  const T& operator()(I... index) const noexcept {
    return data_[offset_of({static_cast<std::int64_t>(index)...})];
  }

  // Checked like numpy: negative indices count from the end, out of range raises IndexError.
  template <class... I>
    requires(sizeof...(I) == N && (std::is_integral_v<I> && ...))
  T& at(I... index) {
    return data_[checked_offset_of({static_cast<std::int64_t>(index)...})];
  }
  template <class... I>
    requires(sizeof...(I) == N && (std::is_integral_v<I> && ...))
  const T& at(I... index) const {
    return data_[checked_offset_of({static_cast<std::int64_t>(index)...})];
  }

  // The value of a 0-d array (ndarray.item()).
  T item() const
    requires(N == 0)
  {
    return *data_;
  }

  // --- indexing and views ----------------------------------------------------------------------------

  // a[ix...] with each ix an integer or an rt::slice, leading axes first; missing trailing axes are
  // taken whole. Integers drop their axis. When every axis is dropped the result is the element's value
  // (numpy returns a scalar copy, not a view), otherwise an ndarray view of the remaining rank.
  template <class... Ix>
    requires(sizeof...(Ix) <= N && ((std::is_integral_v<Ix> || std::is_same_v<Ix, rt::slice>) && ...))
  auto getitem(const Ix&... ix) const {
    static_assert(!(std::is_same_v<Ix, bool> || ...), "a bool index is a mask in numpy, not an integer");
    constexpr std::size_t M = N - (std::size_t{std::is_integral_v<Ix>} + ... + 0);
    shape_t<M> shape{}, strides{};
    std::int64_t offset = 0;
    std::size_t axis = 0, out = 0;
    [[maybe_unused]] auto take = [&](const auto& x) {
      if constexpr (std::is_integral_v<std::decay_t<decltype(x)>>) {
        offset += detail::checked_index(static_cast<std::int64_t>(x), axis, shape_[axis]) * strides_[axis];
      } else {
        const slice_range r = adjust(x, shape_[axis]);
        if (r.count > 0) offset += r.start * strides_[axis];
        shape[out] = r.count;
        strides[out] = strides_[axis] * r.step;
        ++out;
      }
      ++axis;
    };
    (take(ix), ...);
    if constexpr (M == 0) {
      return T(data_[offset]);
    } else {
      for (; axis < N; ++axis, ++out) {
        shape[out] = shape_[axis];
        strides[out] = strides_[axis];
      }
      return ndarray<T, M>(owner_, data_ + offset, shape, strides, writeable_);
    }
  }

  // a[:, ..., s, ...] with `s` on `axis`: a view of the same rank.
  ndarray slice(std::size_t axis, const rt::slice& s) const {
    ndarray view = *this;
    view.slice_in_place(axis, s);
    return view;
  }

  // a[s0, s1, ...]: one slice per axis.
  ndarray slice(const std::array<rt::slice, N>& slices) const {
    ndarray view = *this;
    for (std::size_t k = 0; k < N; ++k) view.slice_in_place(k, slices[k]);
    return view;
  }

  // a.T: axes reversed, a view.
  ndarray transpose() const {
    ndarray view = *this;
    std::reverse(view.shape_.begin(), view.shape_.end());
    std::reverse(view.strides_.begin(), view.strides_.end());
    return view;
  }

  // a.transpose(axes): axis k of the result is axis axes[k] of a (negative axes count from the end).
  ndarray transpose(const std::array<std::int64_t, N>& axes) const {
    ndarray view = *this;
    std::array<bool, N> seen{};
    for (std::size_t k = 0; k < N; ++k) {
      const auto axis = normalize_index(axes[k], static_cast<std::int64_t>(N));
      if (!axis) {
        throw AxisError("axis " + std::to_string(axes[k]) + " is out of bounds for array of dimension " +
                        std::to_string(N));
      }
      if (seen[*axis]) throw ValueError("repeated axis in transpose");
      seen[*axis] = true;
      view.shape_[k] = shape_[*axis];
      view.strides_[k] = strides_[*axis];
    }
    return view;
  }

  // a.reshape(shape) in C order: a view whenever numpy would give one (the strides allow it), else a
  // copy. One negative entry stands for the unknown dimension, as in numpy.
  template <std::size_t M>
  ndarray<T, M> reshape(shape_t<M> shape) const {
    fix_unknown_dimension(shape);
    if (is_c_contiguous()) return ndarray<T, M>(owner_, data_, shape, detail::c_strides(shape), writeable_);
    if (auto strides = nocopy_strides(shape)) return ndarray<T, M>(owner_, data_, shape, *strides, writeable_);
    return copy().reshape(shape);
  }

  // np.broadcast_to: a read-only view with zero strides on the broadcast axes.
  template <std::size_t M>
  ndarray<T, M> broadcast_to(const shape_t<M>& shape) const {
    if constexpr (M < N) {
      throw ValueError("input operand has more dimensions than allowed by the axis remapping");
    } else {
      for (std::int64_t d : shape) {
        if (d < 0) throw ValueError("all elements of broadcast shape must be non-negative");
      }
      shape_t<M> strides{};
      for (std::size_t k = 0; k < N; ++k) {
        const std::size_t j = M - N + k;
        if (shape_[k] == shape[j]) {
          strides[j] = strides_[k];
        } else if (shape_[k] != 1) {
          throw ValueError("operands could not be broadcast together with remapped shapes [original->remapped]: " +
                           detail::numpy_shape_string(shape_) + "  and requested shape " +
                           detail::numpy_shape_string(shape));
        }
      }
      return ndarray<T, M>(owner_, data_, shape, strides, false);
    }
  }

  // --- whole-array operations ------------------------------------------------------------------------

  // A C-contiguous copy with its own buffer (a.copy()); always writeable.
  ndarray copy() const {
    ndarray out = empty(shape_);
    if (is_c_contiguous()) {  // one block move: the element walk below runs at a third of its speed
      std::copy_n(data_, size(), out.data_);
      return out;
    }
    T* dst = out.data_;
    for_each([&dst](const T& v) { *dst++ = v; });
    return out;
  }

  void fill(const T& value) {
    check_writeable();
    for_each([&value](T& v) { v = value; });
  }

  // a[...] = src, broadcasting src to a's shape. Overlapping memory is handled like numpy: by reading
  // from a copy of src.
  template <std::size_t M>
  void assign(const ndarray<T, M>& src) {
    check_writeable();
    const ndarray<T, N> from = (src.shares_buffer_with(*this) ? src.copy() : src).broadcast_to(shape_);
    detail::walk2(data_, strides_, from.data(), from.strides(), shape_, [](T& d, const T& s) { d = s; });
  }

  // Calls f on every element in C order (a reference: f may write). The fast path for loops.
  template <class F>
  [[gnu::always_inline]] void for_each(F&& f) {
    detail::walk<N>(data_, shape_, strides_, f);
  }
  template <class F>
  [[gnu::always_inline]] void for_each(F&& f) const {
    detail::walk<N>(static_cast<const T*>(data_), shape_, strides_, f);
  }

  // Elements in C order as a std::vector (a.ravel().tolist() for tests and small results).
  std::vector<T> to_vector() const {
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(size()));
    for_each([&out](const T& v) { out.push_back(v); });
    return out;
  }

  // --- C-order iterator (range-for); for_each is faster on hot paths ----------------------------------

  template <class R>
  class basic_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = R*;
    using reference = R&;

    basic_iterator() = default;
    basic_iterator(R* p, const ndarray* a, std::int64_t position) : p_(p), a_(a), position_(position) {}

    R& operator*() const noexcept { return *p_; }
    R* operator->() const noexcept { return p_; }
    bool operator==(const basic_iterator& o) const noexcept { return position_ == o.position_; }

    basic_iterator& operator++() noexcept {
      ++position_;
      if constexpr (N > 0) {
        std::size_t k = N - 1;
        p_ += a_->strides_[k];
        while (++idx_[k] == a_->shape_[k] && k > 0) {
          p_ -= a_->shape_[k] * a_->strides_[k];
          idx_[k] = 0;
          --k;
          p_ += a_->strides_[k];
        }
      }
      return *this;
    }
    basic_iterator operator++(int) noexcept {
      basic_iterator old = *this;
      ++*this;
      return old;
    }

   private:
    R* p_ = nullptr;
    const ndarray* a_ = nullptr;
    std::int64_t position_ = 0;
    std::array<std::int64_t, N> idx_{};
  };
  using iterator = basic_iterator<T>;
  using const_iterator = basic_iterator<const T>;

  iterator begin() noexcept { return iterator(data_, this, 0); }
  iterator end() noexcept { return iterator(nullptr, this, size()); }
  const_iterator begin() const noexcept { return const_iterator(data_, this, 0); }
  const_iterator end() const noexcept { return const_iterator(nullptr, this, size()); }

 private:
  template <class, std::size_t>
  friend class ndarray;

  ndarray(std::shared_ptr<const void> owner, T* data, const shape_type& shape, const shape_type& strides,
          bool writeable)
      : owner_(std::move(owner)), data_(data), shape_(shape), strides_(strides), writeable_(writeable) {}

  std::int64_t offset_of(const shape_type& index) const noexcept {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < N; ++k) offset += index[k] * strides_[k];
    return offset;
  }

  std::int64_t checked_offset_of(const shape_type& index) const {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < N; ++k) offset += detail::checked_index(index[k], k, shape_[k]) * strides_[k];
    return offset;
  }

  void slice_in_place(std::size_t axis, const rt::slice& s) {
    const slice_range r = adjust(s, shape_[axis]);
    if (r.count > 0) data_ += r.start * strides_[axis];
    shape_[axis] = r.count;
    strides_[axis] *= r.step;
  }

  void check_writeable() const {
    if (!writeable_) throw ValueError("assignment destination is read-only");
  }

  // numpy's _fix_unknown_dimension: resolves one negative entry and checks the total size.
  template <std::size_t M>
  void fix_unknown_dimension(shape_t<M>& shape) const {
    const std::int64_t original = size();
    std::int64_t known = 1;
    std::size_t unknown = M;
    for (std::size_t k = 0; k < M; ++k) {
      if (shape[k] >= 0) {
        known *= shape[k];
      } else if (unknown == M) {
        unknown = k;
      } else {
        throw ValueError("can only specify one unknown dimension");
      }
    }
    const bool fits = unknown < M ? known != 0 && original % known == 0 : known == original;
    if (!fits) {
      throw ValueError("cannot reshape array of size " + std::to_string(original) + " into shape " +
                       detail::numpy_shape_string(shape));
    }
    if (unknown < M) shape[unknown] = original / known;
  }

  // numpy's _attempt_nocopy_reshape (C order): strides for `shape` over the same elements, if the old
  // axes that merge into a new one are laid out contiguously with respect to each other.
  template <std::size_t M>
  std::optional<shape_t<M>> nocopy_strides(const shape_t<M>& shape) const {
    std::array<std::int64_t, N> old_dims{}, old_strides{};
    std::size_t old_n = 0;
    for (std::size_t k = 0; k < N; ++k) {
      if (shape_[k] == 1) continue;  // length-1 axes do not constrain anything
      old_dims[old_n] = shape_[k];
      old_strides[old_n] = strides_[k];
      ++old_n;
    }
    shape_t<M> strides{};
    std::size_t oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < M && oi < old_n) {
      std::int64_t np = shape[ni], op = old_dims[oi];
      while (np != op) {
        if (np < op) {
          np *= shape[nj++];
        } else {
          op *= old_dims[oj++];
        }
      }
      for (std::size_t ok = oi; ok + 1 < oj; ++ok) {
        if (old_strides[ok] != old_dims[ok + 1] * old_strides[ok + 1]) return std::nullopt;
      }
      strides[nj - 1] = old_strides[oj - 1];
      for (std::size_t nk = nj - 1; nk > ni; --nk) strides[nk - 1] = strides[nk] * shape[nk];
      ni = nj++;
      oi = oj++;
    }
    const std::int64_t last = ni >= 1 ? strides[ni - 1] : 1;
    for (std::size_t nk = ni; nk < M; ++nk) strides[nk] = last;
    return strides;
  }

  std::shared_ptr<const void> owner_;
  T* data_ = nullptr;
  shape_type shape_{};
  shape_type strides_{};
  bool writeable_ = true;
};

}  // namespace rt
