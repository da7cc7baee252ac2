// expect: reject decl.outside_namespace line 2
int main() { return 0; }
namespace oplib::math {
double sqrt(double x) { return x; }
}  // namespace oplib::math
