// op: operator.indexOf
// sig: list[int], int -> int
// sig: list[str], str -> int
// sig: str, str -> int
// generic: yes
// tolerance: exact
// domain: {"int_min": -4, "int_max": 4, "max_text_length": 4, "alphabet": "ab"}
// note: index of the first item x with x is b or x == b, else ValueError (iteration over a str yields 1-char strs)
namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::str> ? std::is_same_v<B, rt::str> : requires(const A& a) { a.len(); a.getitem(0); })
inline int64_t indexOf(const A& a, const B& b) {
  int64_t i = 0;
  for (const auto& x : a) {
    if (x == b) return i;
    ++i;
  }
  throw rt::ValueError("sequence.index(x): x not in sequence");
}
}  // namespace oplib::operator_
