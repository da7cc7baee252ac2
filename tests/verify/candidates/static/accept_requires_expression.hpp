// expect: accept
#include <cmath>
#include <cstdint>
namespace oplib::math {
// A requires-expression's parameters and braces are neither a function's nor a body.
template <class D>
  requires requires(const D& d) { d.size(); d.begin(); }
inline std::int64_t count(const D& d) {
  return static_cast<std::int64_t>(d.size());
}
template <class T>
  requires requires { typename T::value_type; }
inline double first(const T& t) {
  return std::sqrt(static_cast<double>(*t.begin()));
}
}  // namespace oplib::math
