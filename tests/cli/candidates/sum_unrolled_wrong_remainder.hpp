// op: builtins.sum
// sig: list[int] -> int
// expect: FAIL
// why: unrolled by 8 with a remainder loop that restarts at the last full block, so every length over 8
// that is not a multiple of 8 counts some elements twice
namespace oplib::builtins {
inline std::int64_t sum(const rt::list<std::int64_t>& xs) {
  const std::int64_t n = xs.len();
  std::int64_t total = 0, i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::int64_t k = 0; k < 8; ++k) total = rt::int_add(total, xs.getitem(i + k));
  for (std::int64_t k = n > 8 ? i - 8 + (n - i) : i; k < n; ++k) total = rt::int_add(total, xs.getitem(k));
  return total;
}
}  // namespace oplib::builtins
