// op: builtins.len
// sig: tuple[int] -> int
// generic: yes
// tolerance: exact
// note: len() of a tuple is its arity, fixed by the type (a.shape's length is the rank)
namespace oplib::builtins {
template <class... Ts>
inline std::int64_t len(const std::tuple<Ts...>&) {
  return static_cast<std::int64_t>(sizeof...(Ts));
}
}  // namespace oplib::builtins
