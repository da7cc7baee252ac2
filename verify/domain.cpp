// op.json's "domain" object <-> Domain.
#include "verify/domain.hpp"

#include <cmath>


namespace opsynth::verify {

namespace {

using nlohmann::json;

// Far above any sweep length: a narrowing is meant to be small.
constexpr std::int64_t kMaxNarrowing = std::int64_t{1} << 24;

Error field_error(const std::string& field, const std::string& what) {
  return Error{"domain." + field + ": " + what, "domain." + field};
}

}  // namespace

Result<Domain> parse_domain(const json& j) {
  Domain d;
  if (j.is_null()) return d;
  if (!j.is_object()) return Error{"domain: expected an object", "domain"};
  for (const auto& [key, value] : j.items()) {
    if (key == "int_min" || key == "int_max") {
      if (!value.is_number_integer()) return field_error(key, "expected an integer");
      (key == "int_min" ? d.int_min : d.int_max) = value.get<std::int64_t>();
    } else if (key == "float_min" || key == "float_max") {
      if (!value.is_number() || !std::isfinite(value.get<double>()))
        return field_error(key, "expected a finite number");
      (key == "float_min" ? d.float_min : d.float_max) = value.get<double>();
    } else if (key == "allow_nan" || key == "allow_inf") {
      if (!value.is_boolean()) return field_error(key, "expected true or false");
      (key == "allow_nan" ? d.allow_nan : d.allow_inf) = value.get<bool>();
    } else if (key == "max_array_elements" || key == "max_axis_length" || key == "max_container_length" ||
               key == "max_text_length") {
      if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::int64_t>() > kMaxNarrowing)
        return field_error(key, "expected an integer from 0 to " + std::to_string(kMaxNarrowing));
      const auto n = value.get<std::int64_t>();
      if (key == "max_array_elements") d.max_array_elements = n;
      if (key == "max_axis_length") d.max_axis_length = n;
      if (key == "max_container_length") d.max_container_length = n;
      if (key == "max_text_length") d.max_text_length = n;
    } else if (key == "size_reason") {
      if (!value.is_string() || value.get<std::string>().empty())
        return field_error(key, "expected a non-empty string");
      d.size_reason = value.get<std::string>();
    } else if (key == "alphabet") {
      // nlohmann::json only holds valid UTF-8, so the code points decode.
      if (!value.is_string() || value.get<std::string>().empty())
        return field_error(key, "expected a non-empty string");
      d.alphabet = value.get<std::string>();
    } else {
      return field_error(key, "unknown field (known: int_min, int_max, float_min, float_max, allow_nan, allow_inf, "
                              "max_array_elements, max_axis_length, max_container_length, max_text_length, size_reason, alphabet)");
    }
  }
  if (d.int_min && d.int_max && *d.int_min > *d.int_max) return field_error("int_min", "is above int_max");
  if (d.float_min && d.float_max && *d.float_min > *d.float_max) return field_error("float_min", "is above float_max");
  // Short inputs hide the bugs of long ones, so a narrowing is a decision a person writes down.
  if (d.narrows_sizes() && d.size_reason.empty())
    return field_error("size_reason", "narrowing sizes needs a reason: say why this op cannot be verified at "
                                      "every size (for example: CPython's cost grows as n^3)");
  if (!d.narrows_sizes() && !d.size_reason.empty())
    return field_error("size_reason", "given, but no max_* field narrows any size");
  return d;
}

json domain_to_json(const Domain& d) {
  const Domain defaults;
  json j = json::object();
  if (d.int_min) j["int_min"] = *d.int_min;
  if (d.int_max) j["int_max"] = *d.int_max;
  if (d.float_min) j["float_min"] = *d.float_min;
  if (d.float_max) j["float_max"] = *d.float_max;
  if (d.allow_nan != defaults.allow_nan) j["allow_nan"] = d.allow_nan;
  if (d.allow_inf != defaults.allow_inf) j["allow_inf"] = d.allow_inf;
  if (d.max_array_elements) j["max_array_elements"] = *d.max_array_elements;
  if (d.max_axis_length) j["max_axis_length"] = *d.max_axis_length;
  if (d.max_container_length) j["max_container_length"] = *d.max_container_length;
  if (d.max_text_length) j["max_text_length"] = *d.max_text_length;
  if (!d.size_reason.empty()) j["size_reason"] = d.size_reason;
  if (!d.alphabet.empty()) j["alphabet"] = d.alphabet;
  return j;
}

std::string size_narrowing(const Domain& d) {
  std::string out;
  auto add = [&](const char* name, const std::optional<std::int64_t>& v) {
    if (v) out += (out.empty() ? "" : ", ") + std::string(name) + "=" + std::to_string(*v);
  };
  add("max_array_elements", d.max_array_elements);
  add("max_axis_length", d.max_axis_length);
  add("max_container_length", d.max_container_length);
  add("max_text_length", d.max_text_length);
  if (!out.empty()) out += " (why: " + d.size_reason + ")";
  return out;
}

}  // namespace opsynth::verify
