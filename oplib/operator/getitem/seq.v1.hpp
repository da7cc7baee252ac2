// op: operator.getitem
// sig: list[int], int -> int
// sig: list[float], int -> float
// sig: list[str], int -> str
// sig: str, int -> str
// sig: dict[str,int], str -> int
// sig: dict[str,float], str -> float
// generic: yes
// tolerance: exact
// note: a[b]: list/str with negative indices from the end and IndexError ("list index out of range" / "string index out of range"); str indexes code points; dict raises KeyError(key) when missing; returns a copy of the element
namespace oplib::operator_ {
template <class A, class B>
  requires(!requires { A::rank; } && requires(const A& a, const B& b) { a.getitem(b); })
inline auto getitem(const A& a, const B& b) {
  return std::remove_cvref_t<decltype(a.getitem(b))>(a.getitem(b));
}
}  // namespace oplib::operator_
