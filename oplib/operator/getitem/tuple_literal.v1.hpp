// op: operator.getitem
// sig: tuple[str,int], Literal[0] -> str
// sig: tuple[str,int], Literal[1] -> int
// sig: tuple[int,str], Literal[-1] -> str
// sig: tuple[float,str,int], Literal[2] -> int
// sig: tuple[str,float,bool], Literal[-3] -> str
// sig: tuple[list[int],str], Literal[0] -> list[int]
// generic: yes
// tolerance: exact
// note: t[k] of a tuple of any element types at a constant index (negative from the end): the element itself; an index outside the tuple never reaches here (its result type is not an element's)
#include <cstdint>
#include <tuple>

namespace oplib::operator_ {
template <class... Ts, rt::literal K>
  requires(K.kind == rt::literal_kind::integer && K.i >= -static_cast<std::int64_t>(sizeof...(Ts)) &&
           K.i < static_cast<std::int64_t>(sizeof...(Ts)))
inline auto getitem(const std::tuple<Ts...>& a, rt::lit<K>) {
  constexpr std::size_t i = static_cast<std::size_t>(K.i < 0 ? K.i + static_cast<std::int64_t>(sizeof...(Ts)) : K.i);
  return std::get<i>(a);
}
}  // namespace oplib::operator_
