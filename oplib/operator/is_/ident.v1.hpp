// op: operator.is_
// sig: None, None -> bool
// sig: list[int], list[int] -> bool
// sig: dict[str,int], dict[str,int] -> bool
// generic: yes
// tolerance: exact
// note: identity: None is None; lists/dicts are the same object exactly when the handles alias (rt .is())
namespace oplib::operator_ {
template <class A>
  requires(std::is_same_v<A, rt::none> || requires(const A& x) { { x.is(x) } -> std::same_as<bool>; })
inline bool is_(const A& a, const A& b) {
  if constexpr (std::is_same_v<A, rt::none>) {
    return true;
  } else {
    return a.is(b);
  }
}
}  // namespace oplib::operator_
