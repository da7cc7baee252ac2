// expect: reject builtin.forbidden line 4
namespace oplib::math {
double sqrt(double x) {
  void* frame = __builtin_frame_address(0);
  return frame ? x : 0.0;
}
}  // namespace oplib::math
