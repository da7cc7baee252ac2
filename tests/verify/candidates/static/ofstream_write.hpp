// expect: reject include.not_allowed line 3
// expect: reject api.file_io line 7
#include <fstream>
#include <cmath>
namespace oplib::math {
double exp(double x) {
  std::ofstream log("/tmp/leak.txt");
  log << x;
  return std::exp(x);
}
}  // namespace oplib::math
