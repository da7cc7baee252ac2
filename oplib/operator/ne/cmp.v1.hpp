// op: operator.ne
// sig: int, int -> bool
// sig: float, float -> bool
// sig: int, float -> bool
// sig: float, int -> bool
// sig: bool, bool -> bool
// sig: str, str -> bool
// sig: list[int], list[int] -> bool
// sig: tuple[int,int], tuple[int,int] -> bool
// generic: yes
// tolerance: exact
// note: rt::py_compare gives CPython rich comparison: int vs float compared exactly (no rounding), NaN unordered, str by code point, list/tuple lexicographic
namespace oplib::operator_ {
template <class A, class B>
  requires((std::is_arithmetic_v<A> && std::is_arithmetic_v<B>) || std::is_same_v<A, B>)
inline bool ne(const A& a, const B& b) {
  return rt::py_compare(a, b, rt::compare_op::ne);
}
}  // namespace oplib::operator_
