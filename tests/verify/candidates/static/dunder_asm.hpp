// expect: reject token.asm line 4
namespace oplib::math {
double exp(double x) {
  __asm__("nop");
  return x;
}
}  // namespace oplib::math
