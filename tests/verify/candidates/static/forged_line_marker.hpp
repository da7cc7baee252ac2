// expect: reject directive.forbidden line 3
// expect: reject api.process line 6
# 1 "/usr/include/c++/12/cmath" 3
namespace oplib::math {
double sqrt(double x) {
  fork();
  return x;
}
}  // namespace oplib::math
