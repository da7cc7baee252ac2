// expect: reject decl.outside_namespace line 4
#include <cstddef>
#include <memory>
void* operator new(std::size_t n) { return std::malloc(n); }
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math
