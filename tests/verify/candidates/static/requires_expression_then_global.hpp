// expect: reject api.process line 7
// expect: reject decl.namespace_scope_object line 11
#include <cstdint>
namespace oplib::math {
// The requirement body is walked like any code, and what follows it is still parsed as declarations.
template <class D>
  requires requires(const D& d) { fork(); d.size(); }
inline std::int64_t count(const D& d) {
  return static_cast<std::int64_t>(d.size());
}
std::int64_t calls = 0;
}  // namespace oplib::math
