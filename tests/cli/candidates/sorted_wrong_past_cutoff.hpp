// op: builtins.sorted
// sig: list[int] -> list[int]
// expect: FAIL
// why: insertion sort below 100 elements, and past that a "faster" path that leaves the last element out
// of the sort: right on every short list
#include <algorithm>
#include <vector>
namespace oplib::builtins {
inline rt::list<std::int64_t> sorted(const rt::list<std::int64_t>& xs) {
  std::vector<std::int64_t> v = xs.to_vector();
  if (v.size() < 100) {
    for (std::size_t i = 1; i < v.size(); ++i)
      for (std::size_t j = i; j > 0 && v[j - 1] > v[j]; --j) std::swap(v[j - 1], v[j]);
  } else {
    std::stable_sort(v.begin(), v.end() - 1);
  }
  rt::list<std::int64_t> out;
  for (auto x : v) out.append(x);
  return out;
}
}  // namespace oplib::builtins
