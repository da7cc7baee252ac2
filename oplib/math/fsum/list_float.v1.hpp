// op: math.fsum
// sig: list[float] -> float
// tolerance: exact
// note: CPython's exact-partials algorithm step for step: correctly rounded, same inf/nan/overflow handling
#include <cmath>
#include <vector>
namespace oplib::math {
// CPython 3.11 math_fsum: Shewchuk/Hettinger exact partials, then a correctly rounded (half-even) sum
// of the partials. inf/nan summands are summed apart (inf + -inf -> ValueError); a non-finite partial
// from finite summands -> OverflowError("intermediate overflow in fsum").
inline double fsum(const rt::list<double>& seq) {
  std::vector<double> p;
  p.reserve(32);
  double special_sum = 0.0, inf_sum = 0.0;
  const int64_t len = seq.len();
  for (int64_t k = 0; k < len; k++) {
    double x = seq.getitem(k);
    const double xsave = x;
    std::size_t i = 0;
    for (std::size_t j = 0; j < p.size(); j++) {
      double y = p[j];
      if (std::fabs(x) < std::fabs(y)) {
        const double t = x;
        x = y;
        y = t;
      }
      const double hi = x + y;
      const double yr = hi - x;
      const double lo = y - yr;
      if (lo != 0.0) p[i++] = lo;
      x = hi;
    }
    p.resize(i);
    if (x != 0.0) {
      if (!std::isfinite(x)) {
        if (std::isfinite(xsave)) throw rt::OverflowError("intermediate overflow in fsum");
        if (std::isinf(xsave)) inf_sum += xsave;
        special_sum += xsave;
        p.clear();
      } else {
        p.push_back(x);
      }
    }
  }
  if (special_sum != 0.0) {
    if (std::isnan(inf_sum)) throw rt::ValueError("-inf + inf in fsum");
    return special_sum;
  }
  double hi = 0.0;
  std::size_t n = p.size();
  if (n > 0) {
    double lo = 0.0;
    hi = p[--n];
    while (n > 0) {
      const double x = hi;
      const double y = p[--n];
      hi = x + y;
      const double yr = hi - x;
      lo = y - yr;
      if (lo != 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
      const double y = lo * 2.0;
      const double x = hi + y;
      const double yr = x - hi;
      if (y == yr) hi = x;
    }
  }
  return hi;
}
}  // namespace oplib::math
