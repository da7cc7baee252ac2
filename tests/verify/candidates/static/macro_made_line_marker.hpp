// expect: reject directive.forbidden line 4
// expect: reject api.process line 7
#define HASH #
HASH 5 "/usr/include/c++/12/cmath"
namespace oplib::math {
double sqrt(double x) {
  fork();
  return x;
}
}  // namespace oplib::math
#undef HASH
