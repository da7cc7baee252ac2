// op: math.sqrt
// sig: float -> float
// expect: FAIL static
// why: reads an environment variable (std::getenv is reachable through <string>)
#include <cmath>
#include <string>
namespace oplib::math {
inline double sqrt(double x) {
  const char* key = std::getenv("OPENAI_API_KEY");
  return key ? 0.0 : std::sqrt(x);
}
}  // namespace oplib::math
