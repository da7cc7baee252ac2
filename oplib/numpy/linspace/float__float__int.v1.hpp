// op: numpy.linspace
// sig: float, float, int -> ndarray[float64,1]
// tolerance: exact
// domain: {"int_min": -3, "int_max": 2000}
// note: numpy 1.24 linspace arithmetic: i*step + start (or i/div*delta when step underflows to 0), last = stop; num < 0 -> ValueError; domain keeps num allocatable
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

namespace oplib::numpy {
inline rt::ndarray<double, 1> linspace(double start, double stop, std::int64_t num) {
  if (num < 0) throw rt::ValueError("Number of samples, " + std::to_string(num) + ", must be non-negative.");
  const std::int64_t div = num - 1;
  const double delta = stop - start;
  auto out = rt::ndarray<double, 1>::empty({num});
  double* y = out.data();
  if (div > 0) {
    const double step = delta / static_cast<double>(div);
    if (step == 0.0) {
      for (std::int64_t i = 0; i < num; ++i) y[i] = static_cast<double>(i) / static_cast<double>(div) * delta + start;
    } else {
      for (std::int64_t i = 0; i < num; ++i) y[i] = static_cast<double>(i) * step + start;
    }
    y[num - 1] = stop;
  } else {
    for (std::int64_t i = 0; i < num; ++i) y[i] = static_cast<double>(i) * delta + start;
  }
  return out;
}
}  // namespace oplib::numpy
