// op: operator.is_
// sig: int, None -> bool
// sig: float, None -> bool
// sig: str, None -> bool
// sig: float64, None -> bool
// sig: None, int -> bool
// sig: None, float -> bool
// generic: yes
// tolerance: exact
// note: a value of a type other than None is never the None object, so `x is_ None` is false for it (the compiler meets this on one path of a tagged union such as float | None)
namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::none> != std::is_same_v<B, rt::none>)
inline bool is_(const A&, const B&) {
  return false;
}
}  // namespace oplib::operator_
