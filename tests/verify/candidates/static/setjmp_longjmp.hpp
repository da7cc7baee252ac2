// expect: reject api.setjmp line 4
namespace oplib::math {
double sqrt(double x) {
  longjmp(nullptr, 1);
  return x;
}
}  // namespace oplib::math
