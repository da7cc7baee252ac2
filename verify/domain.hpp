// Domain hints for input generation, declared per operator in op.json by a person (never the LLM).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace opsynth::verify {

struct Domain {
  // Bounds for generated ints and floats (inclusive); unset = the whole range plus edge values.
  std::optional<std::int64_t> int_min, int_max;
  std::optional<double> float_min, float_max;
  bool allow_nan = true;  // generate NaN / inf at all
  bool allow_inf = true;
  // Array sizes: max elements per array and max length of any axis.
  std::int64_t max_array_elements = 64;
  std::int64_t max_axis_length = 8;
  // Containers and strings: max length.
  std::int64_t max_container_length = 8;
  std::int64_t max_text_length = 12;
};

}  // namespace opsynth::verify
