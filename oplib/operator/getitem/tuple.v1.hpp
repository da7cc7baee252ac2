// op: operator.getitem
// sig: tuple[int,int], int -> int
// sig: tuple[int], int -> int
// sig: tuple[int,int,int], int -> int
// sig: tuple[str,str], int -> str
// generic: yes
// tolerance: exact
// note: homogeneous tuples only (mixed element types would make the result type value-dependent); IndexError out of range
namespace oplib::operator_ {
template <class T, class... Ts>
  requires(std::is_same_v<T, Ts> && ...)
inline T getitem(const std::tuple<T, Ts...>& a, int64_t b) {
  constexpr int64_t n = 1 + sizeof...(Ts);
  const int64_t i = b < 0 ? b + n : b;
  if (i < 0 || i >= n) throw rt::IndexError("tuple index out of range");
  T out{};
  int64_t k = 0;
  std::apply([&](const auto&... x) { ((k++ == i ? (out = x, 0) : 0), ...); }, a);
  return out;
}
}  // namespace oplib::operator_
