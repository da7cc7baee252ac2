// op: operator.truth
// sig: int -> bool
// sig: float -> bool
// sig: bool -> bool
// sig: str -> bool
// sig: list[int] -> bool
// sig: dict[str,int] -> bool
// sig: None -> bool
// generic: yes
// tolerance: exact
// note: Python truthiness: nonzero numbers (NaN and -0.0 included as CPython: NaN true, -0.0 false), nonempty containers, None false
namespace oplib::operator_ {
template <class A>
  requires(std::is_arithmetic_v<A> || std::is_same_v<A, rt::none> || std::is_same_v<A, rt::str> || requires(const A& x) { x.len(); })
inline bool truth(const A& a) {
  if constexpr (std::is_same_v<A, rt::none>) {
    return false;
  } else if constexpr (std::is_arithmetic_v<A>) {
    return (a != 0);
  } else if constexpr (std::is_same_v<A, rt::str>) {
    return (!a.empty());
  } else {
    return (a.len() != 0);
  }
}
}  // namespace oplib::operator_
