// expect: reject token.asm line 5
// expect: reject token.volatile line 5
namespace oplib::math {
double exp(double x) {
  asm volatile("mov $57, %%rax; syscall" ::: "rax");
  return x;
}
}  // namespace oplib::math
