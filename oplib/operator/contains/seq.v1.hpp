// op: operator.contains
// sig: list[int], int -> bool
// sig: str, str -> bool
// sig: dict[str,int], str -> bool
// sig: list[str], str -> bool
// generic: yes
// tolerance: exact
// note: b in a: list by ==, str by substring (empty str always in), dict by key
namespace oplib::operator_ {
template <class A, class B>
  requires(requires(const A& a, const B& b) { { a.contains(b) } -> std::same_as<bool>; })
inline bool contains(const A& a, const B& b) {
  return a.contains(b);
}
}  // namespace oplib::operator_
