#include "core/byte_size.hpp"

#include <cctype>

namespace opsynth {

Result<std::optional<std::uint64_t>> parse_byte_size(const std::string& text, const std::string& variable) {
  if (text == "none") return std::optional<std::uint64_t>{};
  const auto bad = [&] {
    return Error{variable + ": '" + text + "' is not a size (write bytes with an optional K, M, G or T suffix, e.g. 16G, or none)",
                 variable};
  };
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15) return bad();
  const std::uint64_t value = std::stoull(text.substr(0, digits));
  const std::string suffix = text.substr(digits);
  int shift = 0;
  if (suffix == "K" || suffix == "k") shift = 10;
  else if (suffix == "M" || suffix == "m") shift = 20;
  else if (suffix == "G" || suffix == "g") shift = 30;
  else if (suffix == "T" || suffix == "t") shift = 40;
  else if (!suffix.empty()) return bad();
  if (value == 0 || value > (std::uint64_t{1} << (62 - shift))) return bad();
  return std::optional<std::uint64_t>{value << shift};
}

}  // namespace opsynth
