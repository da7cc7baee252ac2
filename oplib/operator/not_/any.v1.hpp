// op: operator.not_
// sig: int -> bool
// sig: float -> bool
// sig: bool -> bool
// sig: str -> bool
// sig: list[int] -> bool
// sig: dict[str,int] -> bool
// sig: None -> bool
// generic: yes
// tolerance: exact
// note: not x: negation of Python truthiness (nonzero numbers incl. NaN are true, -0.0 false; nonempty str/list/dict true; None false)
namespace oplib::operator_ {
template <class A>
  requires(std::is_arithmetic_v<A> || std::is_same_v<A, rt::none> || std::is_same_v<A, rt::str> || requires(const A& x) { x.len(); })
inline bool not_(const A& a) {
  if constexpr (std::is_same_v<A, rt::none>) {
    return !false;
  } else if constexpr (std::is_arithmetic_v<A>) {
    return !(a != 0);
  } else if constexpr (std::is_same_v<A, rt::str>) {
    return !(!a.empty());
  } else {
    return !(a.len() != 0);
  }
}
}  // namespace oplib::operator_
