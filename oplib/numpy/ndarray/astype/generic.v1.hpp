// op: numpy.ndarray.astype
// sig: ndarray[float64,1], Literal['int64'] -> ndarray[int64,1]
// generic: yes
// tolerance: exact
// note: a.astype(dtype): a fresh C-contiguous copy converted as numpy converts on x86-64: floats to ints truncate toward zero, and NaN, inf or a value outside the target's range give the target's minimum (the CPU's 'integer indefinite'); ints wrap modulo 2^bits; anything to bool is x != 0 (NaN is True); ints to floats round to nearest
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace oplib::numpy::ndarray::detail_astype {
template <class To, class From>
To convert(From v) {
  if constexpr (std::is_same_v<To, bool>) {
    return v != From{};
  } else if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
    // Compare in double against exactly representable bounds: [-2^(b-1), 2^(b-1)).
    constexpr double lo = static_cast<double>(std::numeric_limits<To>::min());  // -2^(b-1), exact
    constexpr double hi = -lo;
    const double t = std::trunc(static_cast<double>(v));
    if (!(t >= lo && t < hi)) return std::numeric_limits<To>::min();
    return static_cast<To>(t);
  } else {
    return static_cast<To>(v);  // ints: modular since C++20; floats: IEEE rounding (overflow to inf)
  }
}
template <class T>
concept real_element = std::is_arithmetic_v<T>;
}  // namespace oplib::numpy::ndarray::detail_astype

namespace oplib::numpy::ndarray {
template <class T, std::size_t N, class D>
  requires rt::dtype_lit<D> && detail_astype::real_element<T> && detail_astype::real_element<rt::dtype_element_t<D>>
rt::ndarray<rt::dtype_element_t<D>, N> astype(const rt::ndarray<T, N>& a, D) {
  using To = rt::dtype_element_t<D>;
  auto out = rt::ndarray<To, N>::empty(a.shape());
  To* dst = out.data();
  a.for_each([&dst](const T& v) { *dst++ = detail_astype::convert<To>(v); });
  return out;
}
}  // namespace oplib::numpy::ndarray
