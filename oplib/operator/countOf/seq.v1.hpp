// op: operator.countOf
// sig: list[int], int -> int
// sig: list[str], str -> int
// sig: str, str -> int
// generic: yes
// tolerance: exact
// domain: {"int_min": -4, "int_max": 4, "max_text_length": 4, "alphabet": "ab"}
// note: counts items x with x is b or x == b (iteration over a str yields 1-char strs); small values so matches are common
namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::str> ? std::is_same_v<B, rt::str> : requires(const A& a, const B& b) { a.count(b); })
inline int64_t countOf(const A& a, const B& b) {
  if constexpr (std::is_same_v<A, rt::str>) {
    if (b.utf8().empty()) return 0;
    int64_t n = 0;
    for (const rt::str& ch : a) n += ch == b;
    return n;
  } else {
    return a.count(b);
  }
}
}  // namespace oplib::operator_
