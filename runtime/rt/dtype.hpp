// numpy dtypes as values. The compiler passes a dtype (np.float64, x.dtype, dtype=float) as the
// Literal of its name (Literal['float64']), which numpy accepts wherever it takes a dtype; these map
// that tag to the element type, so a constructor or astype can be one template over every dtype.
#pragma once

#include <complex>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "lit.hpp"

namespace rt {

namespace detail {
template <class T>
struct dtype_tag {
  using type = T;
};

// Unknown names give void, which dtype_lit rejects, so a template over them is not instantiated.
template <class L>
constexpr auto element_of_dtype() {
  constexpr std::string_view n = L::as_str();
  if constexpr (n == "float64") return dtype_tag<double>{};
  else if constexpr (n == "float32") return dtype_tag<float>{};
  else if constexpr (n == "int64") return dtype_tag<std::int64_t>{};
  else if constexpr (n == "int32") return dtype_tag<std::int32_t>{};
  else if constexpr (n == "bool") return dtype_tag<bool>{};
  else if constexpr (n == "complex128") return dtype_tag<std::complex<double>>{};
  else if constexpr (n == "uint8") return dtype_tag<std::uint8_t>{};
  else if constexpr (n == "int8") return dtype_tag<std::int8_t>{};
  else if constexpr (n == "int16") return dtype_tag<std::int16_t>{};
  else if constexpr (n == "uint16") return dtype_tag<std::uint16_t>{};
  else if constexpr (n == "uint32") return dtype_tag<std::uint32_t>{};
  else if constexpr (n == "uint64") return dtype_tag<std::uint64_t>{};
  else if constexpr (n == "complex64") return dtype_tag<std::complex<float>>{};
  else return dtype_tag<void>{};
}
}  // namespace detail

// The element type of a dtype tag: dtype_element_t<lit<"int64">> is std::int64_t.
template <class L>
using dtype_element_t = typename decltype(detail::element_of_dtype<L>())::type;

// A Literal naming a dtype of the type language.
template <class L>
concept dtype_lit = requires { L::is_str; } && L::is_str && !std::is_void_v<dtype_element_t<L>>;

}  // namespace rt
