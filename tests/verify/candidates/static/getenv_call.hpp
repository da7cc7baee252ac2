// expect: reject api.environment line 5
#include <cstring>
namespace oplib::math {
double exp(double x) {
  const char* key = std::getenv("OPENAI_API_KEY");
  return key ? 0.0 : x;
}
}  // namespace oplib::math
