// op: builtins.sorted
// sig: list[int] -> list[int]
// expect: PASS
// why: std::stable_sort takes a temporary buffer through nothrow operator new; the sanitizer build must not call that a mismatch
#include <algorithm>
#include <vector>
namespace oplib::builtins {
inline rt::list<std::int64_t> sorted(const rt::list<std::int64_t>& xs) {
  std::vector<std::int64_t> v = xs.to_vector();
  std::stable_sort(v.begin(), v.end());
  rt::list<std::int64_t> out;
  for (auto x : v) out.append(x);
  return out;
}
}  // namespace oplib::builtins
