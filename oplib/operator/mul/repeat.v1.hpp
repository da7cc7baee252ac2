// op: operator.mul
// sig: list[int], int -> list[int]
// sig: str, int -> str
// sig: list[float], int -> list[float]
// sig: int, str -> str
// generic: yes
// tolerance: exact
// domain: {"int_min": -4, "int_max": 40}
// note: seq * n repeats the sequence n times into a new object (n <= 0 gives an empty one); the count is bounded in verification because CPython would build the full result for any n
namespace oplib::operator_ {
template <class S>
  requires(std::is_same_v<S, rt::str> || requires(const S& s, std::int64_t n) { s.repeat(n); s.extend(s); })
inline S mul(const S& seq, std::int64_t n) {
  return seq.repeat(n);
}
template <class S>
  requires(std::is_same_v<S, rt::str> || requires(const S& s, std::int64_t n) { s.repeat(n); s.extend(s); })
inline S mul(std::int64_t n, const S& seq) {
  return seq.repeat(n);
}
}  // namespace oplib::operator_
