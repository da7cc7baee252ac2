// op: operator.is_not
// sig: int, None -> bool
// sig: float, None -> bool
// sig: str, None -> bool
// sig: float64, None -> bool
// sig: None, int -> bool
// sig: None, float -> bool
// generic: yes
// tolerance: exact
// note: a value of a type other than None is never the None object, so `x is_not None` is true for it (the compiler meets this on one path of a tagged union such as float | None)
namespace oplib::operator_ {
template <class A, class B>
  requires(std::is_same_v<A, rt::none> != std::is_same_v<B, rt::none>)
inline bool is_not(const A&, const B&) {
  return true;
}
}  // namespace oplib::operator_
