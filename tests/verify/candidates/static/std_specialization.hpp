// expect: reject decl.outside_namespace line 4
#include <cmath>
#include <functional>
namespace std {
template <> struct hash<float> { size_t operator()(float) const { return 0; } };
}  // namespace std
namespace oplib::math {
double sqrt(double x) { return std::sqrt(x); }
}  // namespace oplib::math
