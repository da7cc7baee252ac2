// op: operator.setitem
// sig: list[int], int, int -> None
// sig: list[str], int, str -> None
// sig: dict[str,int], str, int -> None
// generic: yes
// tolerance: exact
// domain: {"int_min": -12, "int_max": 12, "max_text_length": 2, "alphabet": "ab"}
// note: a[b] = c mutates a in place (every alias sees it); list index out of range raises IndexError, dict inserts or overwrites keeping order
namespace oplib::operator_ {
template <class A, class B, class C>
  requires(requires(const A& a, const B& b, C c) { a.setitem(b, c); })
inline rt::none setitem(const A& a, const B& b, const C& c) {
  a.setitem(b, c);
  return rt::None;
}
}  // namespace oplib::operator_
