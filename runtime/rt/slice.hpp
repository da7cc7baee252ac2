// Python slice normalization (PySlice_AdjustIndices) shared by str, list and ndarray.
#pragma once

#include <cstdint>
#include <optional>

#include "exceptions.hpp"

namespace rt {

// A slice as written in Python: s[start:stop:step], each part optional.
struct slice {
  std::optional<std::int64_t> start, stop, step;
};

// The concrete walk a slice makes over a sequence of `length` items.
struct slice_range {
  std::int64_t start = 0;
  std::int64_t step = 1;
  std::int64_t count = 0;  // number of items selected
};

// Same rules as CPython: negative indices count from the end, out-of-range bounds clamp,
// step 0 raises ValueError("slice step cannot be zero").
inline slice_range adjust(const slice& s, std::int64_t length) {
  const std::int64_t step = s.step.value_or(1);
  if (step == 0) throw ValueError("slice step cannot be zero");
  // step == INT64_MIN behaves like -INT64_MAX in CPython (it clamps the step); avoid negation overflow.
  const std::int64_t safe_step = step == INT64_MIN ? -INT64_MAX : step;
  auto clamp = [&](std::optional<std::int64_t> v, std::int64_t def) -> std::int64_t {
    if (!v) return def;
    std::int64_t x = *v;
    if (x < 0) {
      x = x < -length ? (safe_step < 0 ? -1 : 0) : x + length;
    } else if (x >= length) {
      x = safe_step < 0 ? length - 1 : length;
    }
    return x;
  };
  slice_range r;
  r.step = safe_step;
  if (safe_step > 0) {
    r.start = clamp(s.start, 0);
    const std::int64_t stop = clamp(s.stop, length);
    r.count = stop > r.start ? (stop - r.start - 1) / safe_step + 1 : 0;
  } else {
    r.start = clamp(s.start, length - 1);
    const std::int64_t stop = clamp(s.stop, -1);
    r.count = stop < r.start ? (r.start - stop - 1) / (-safe_step) + 1 : 0;
  }
  return r;
}

// Index normalization for item access: negative counts from the end; out of range -> nullopt.
inline std::optional<std::int64_t> normalize_index(std::int64_t i, std::int64_t length) {
  if (i < 0) {
    if (i < -length) return std::nullopt;
    i += length;
  }
  if (i >= length) return std::nullopt;
  return i;
}

}  // namespace rt
