// op: operator.add
// sig: str, str -> str
// sig: list[int], list[int] -> list[int]
// sig: list[float], list[float] -> list[float]
// sig: list[str], list[str] -> list[str]
// generic: yes
// tolerance: exact
// note: a + b on sequences is concatenation into a new object (inputs untouched, aliasing safe: rt::list operator+ copies both)
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, rt::str> || requires(const A& x) { x + x; x.len(); x.extend(x); })
inline A add(const A& a, const A& b) {
  return a + b;
}
}  // namespace oplib::operator_
