// op: builtins.len
// sig: list[int] -> int
// sig: list[float] -> int
// sig: list[str] -> int
// sig: str -> int
// sig: ndarray[float64,1] -> int
// sig: ndarray[float64,2] -> int
// generic: yes
// tolerance: exact
// note: lists count items, str counts code points (rt::str::len), an ndarray of ndim >= 1 gives the length of its first axis
namespace oplib::builtins {
template <class A>
  requires((requires { A::rank; } && requires(const A& a) { a.shape(0); }) ||
           requires(const A& a) { { a.len() } -> std::convertible_to<int64_t>; })
inline int64_t len(const A& obj) {
  if constexpr (requires { A::rank; }) {
    static_assert(A::rank >= 1, "len() of unsized object");
    return obj.shape(0);
  } else {
    return obj.len();
  }
}
}  // namespace oplib::builtins
