// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: runs code before main through a namespace-scope object's constructor
#include <cmath>
namespace oplib::math {
struct Early {
  Early() { __builtin_trap(); }
};
inline Early early_instance;
inline double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math
