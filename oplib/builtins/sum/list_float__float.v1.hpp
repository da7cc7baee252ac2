// op: builtins.sum
// sig: list[float], float -> float
// tolerance: exact
// note: CPython 3.11 adds left to right from start (no compensated summation before 3.12); sum(list[float]) alone is untypable (sum([]) is int 0)
namespace oplib::builtins {
inline double sum(const rt::list<double>& iterable, double start) {
  double total = start;
  for (const double x : iterable) total += x;
  return total;
}
}  // namespace oplib::builtins
