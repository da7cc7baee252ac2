// expect: reject preproc.conditional line 5
// expect: reject api.process line 6
namespace oplib::math {
double sqrt(double x) {
#ifdef __OPTIMIZE__
  fork();
#endif
  return x;
}
}  // namespace oplib::math
