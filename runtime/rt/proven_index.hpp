// Element access in a loop whose indices were proven in bounds before the loop began (loop
// versioning, compiler/bounds_proof.hpp). Generated code tests the whole index range of a `for v in
// range(...)` loop once; when every access the loop makes lands inside its array, it runs a copy of
// the loop that reads and writes the elements directly: no IndexError test, no negative-index
// fix-up and no array handle copied per access, so the C++ compiler can vectorise it. When the test
// fails it runs the checked loop, which raises exactly where Python would.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "ndarray.hpp"
#include "scalar.hpp"

namespace rt::proven {

// The number of values of range(start, stop, step), step != 0, or -1 past int64 (128-bit arithmetic:
// no overflow on any bounds).
inline std::int64_t range_count(std::int64_t start, std::int64_t stop, std::int64_t step) noexcept {
  const __int128 span = step > 0 ? static_cast<__int128>(stop) - start : static_cast<__int128>(start) - stop;
  const __int128 stride = step > 0 ? static_cast<__int128>(step) : -static_cast<__int128>(step);
  const __int128 count = span <= 0 ? 0 : (span + stride - 1) / stride;
  return count > INT64_MAX ? -1 : static_cast<std::int64_t>(count);
}

// The n-th value of a range, n below its count. Computed modulo 2^64, which gives the exact value
// whenever it is an int64 (every value of the range is) while n * step alone may not be.
inline std::int64_t range_value(std::int64_t start, std::int64_t step, std::int64_t n) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(start) + static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(step));
}

// An index inside [0, extent): no wrap-around from the end is needed either.
inline bool index_within(__int128 index, std::int64_t extent) noexcept { return index >= 0 && index < extent; }

// coeff * v + base lies in [0, extent) for every value v of range(start, stop, step); true for an
// empty range (the loop makes no access). coeff is -1, 0 or 1.
// Always inlined, like raw_view's access: inlined, a constant step folds range_count's division away.
[[gnu::always_inline]] inline bool range_within(int coeff, std::int64_t start, std::int64_t stop, std::int64_t step,
                                                __int128 base, std::int64_t extent) noexcept {
  const std::int64_t count = range_count(start, stop, step);
  if (count == 0) return true;
  const __int128 first = static_cast<__int128>(coeff) * start;
  const __int128 last = static_cast<__int128>(coeff) * (static_cast<__int128>(start) + static_cast<__int128>(count - 1) * step);
  return index_within(std::min(first, last) + base, extent) && index_within(std::max(first, last) + base, extent);
}

// An array's element pointer and strides, held in locals the loop's stores cannot reach: with
// -fno-strict-aliasing a store through a double* could otherwise change an ndarray's own fields, and
// the compiler would reload them on every element. UnitLast: the last axis's stride is known to be
// one element (tested before the loop), so consecutive indices are consecutive addresses and the
// compiler vectorises loads and stores alike; GCC's own stride versioning covers one array at most.
template <class T, std::size_t N, bool UnitLast = false>
struct raw_view {
  T* data;
  std::array<std::int64_t, N> strides;

  // Writes go only through arrays the loop's test found writeable; the buffer itself is never const.
  explicit raw_view(const ndarray<T, N>& a) noexcept : data(const_cast<T*>(a.data())), strides(a.strides()) {}

  // Always inlined: it is the whole element access of a proven loop, and as a call (GCC's growth limits
  // stop inlining once the function's checked copy has inlined its own accesses) jacobi_step ran 7x slower.
  template <class... I>
    requires(sizeof...(I) == N)
  [[gnu::always_inline]] T& operator()(I... index) const noexcept {
    const std::array<std::int64_t, N> at{static_cast<std::int64_t>(index)...};
    std::int64_t offset = UnitLast ? at[N - 1] : at[N - 1] * strides[N - 1];
    for (std::size_t k = 0; k + 1 < N; ++k) offset += at[k] * strides[k];
    return data[offset];
  }
};

// Whether an array's last axis has unit stride (raw_view's UnitLast).
template <class T, std::size_t N>
bool unit_last_stride(const ndarray<T, N>& a) noexcept {
  return a.strides()[N - 1] == 1;
}

namespace detail {
template <class V>
auto raw(const V& v) noexcept {
  if constexpr (std::is_arithmetic_v<V>) return v;
  else return v.value;
}
}  // namespace detail

// The element numpy stores for a value, as operator.setitem converts it: bool as v != 0, float64 to
// the nearest double, int64 from an integer (the compiler never proves a float stored into int64,
// whose NaN and overflow errors stay with the operator).
template <class T, class V>
[[gnu::always_inline]] inline T element(const V& value) noexcept {
  const auto v = detail::raw(value);
  if constexpr (std::is_same_v<T, bool>) {
    return v != decltype(v){};
  } else {
    static_assert(std::is_floating_point_v<T> || std::is_integral_v<decltype(v)>, "a float into an int64 array is not proven");
    return static_cast<T>(v);
  }
}

}  // namespace rt::proven
