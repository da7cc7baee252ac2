// Python's None as a unit type.
#pragma once

namespace rt {

struct none {
  constexpr bool operator==(const none&) const = default;
  constexpr auto operator<=>(const none&) const = default;
};

inline constexpr none None{};

}  // namespace rt
