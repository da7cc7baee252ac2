// op: operator.add
// sig: str, str -> str
// sig: list[int], list[int] -> list[int]
// sig: list[float], list[float] -> list[float]
// sig: list[str], list[str] -> list[str]
// generic: yes
// tolerance: exact
// note: a + b on sequences is concatenation into a new object. `a` is taken by value: for `x += y` and `x = x + y` the compiler moves x's value in, and a str x is then the sole owner and grows in place (rt::str::operator+=), linear over a loop as in CPython; a str shared elsewhere is copied, so no other value changes. A list is concatenated into a new list (rt::list operator+ copies both), the handle `a` untouched.
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, rt::str> || requires(const A& x) { x + x; x.len(); x.extend(x); })
inline A add(A a, const A& b) {
  if constexpr (std::is_same_v<A, rt::str>) {
    a += b;
    return a;
  } else {
    return a + b;
  }
}
}  // namespace oplib::operator_
