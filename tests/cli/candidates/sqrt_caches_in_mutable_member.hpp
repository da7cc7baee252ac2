// op: math.sqrt
// sig: float -> float
// expect: FAIL
// why: hides a cache in a mutable member of a static const object; the second run of each case
//      differs from the first (or the static check refuses the mutable member)
#include <cmath>
namespace oplib::math {
namespace detail {
struct Memo {
  mutable double calls = 0;
};
}  // namespace detail
inline double sqrt(double x) {
  static const detail::Memo memo;
  memo.calls += 1;
  if (x < 0) throw rt::ValueError("math domain error");
  return std::sqrt(x) + (memo.calls > 3 ? 1e-300 : 0.0);
}
}  // namespace oplib::math
