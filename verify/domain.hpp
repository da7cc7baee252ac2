// Domain hints for input generation, declared per operator in op.json by a person (never the LLM).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

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
  // Code points that half of the generated strings are drawn from (UTF-8), so that ops whose
  // arguments must meet (str.split's separator in the text, str.replace's old) meet often.
  std::string alphabet;

  bool operator==(const Domain&) const = default;
};

// The op.json "domain" object: every field optional; unknown fields, wrong types and empty ranges
// are errors naming the field (for example "domain.int_min: expected an integer").
Result<Domain> parse_domain(const nlohmann::json& json);
// Only the fields that differ from the defaults, so op.json stays short.
nlohmann::json domain_to_json(const Domain& domain);

}  // namespace opsynth::verify
