// expect: accept
// namespace: oplib::builtins
#include <algorithm>
#include <functional>
#include <numeric>
#include <vector>

namespace oplib::builtins {

rt::list<int64_t> sorted(const rt::list<int64_t>& xs) {
  std::vector<int64_t> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end(), [](int64_t a, int64_t b) { return a < b; });
  int64_t seen = 0;
  auto count = [&seen](int64_t) mutable { ++seen; };
  std::for_each(v.begin(), v.end(), count);
  auto twice = [](auto f) { return [f](int64_t x) { return f(f(x)); }; };
  const auto inc = twice([](int64_t x) { return x + 1; });
  std::transform(v.begin(), v.end(), v.begin(), [&](int64_t x) { return inc(x) - 2; });
  std::vector<int64_t> w{1, 2, 3};
  const int64_t total = std::accumulate(w.begin(), w.end(), int64_t{0}, std::plus<>{});
  (void)total;
  v.erase(std::remove_if(v.begin(), v.end(), [](int64_t x) { return x == -1; }), v.end());
  return rt::list<int64_t>(std::move(v));
}

}  // namespace oplib::builtins
