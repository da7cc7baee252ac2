// op: operator.is_not
// sig: None, None -> bool
// sig: list[int], list[int] -> bool
// sig: dict[str,int], dict[str,int] -> bool
// generic: yes
// tolerance: exact
// note: negated identity: None is None; lists/dicts are the same object exactly when the handles alias (rt .is())
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, rt::none> || requires(const A& x) { { x.is(x) } -> std::same_as<bool>; })
inline bool is_not(const A& a, const A& b) {
  if constexpr (std::is_same_v<A, rt::none>) {
    return false;
  } else {
    return !a.is(b);
  }
}
}  // namespace oplib::operator_
