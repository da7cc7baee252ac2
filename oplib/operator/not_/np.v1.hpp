// op: operator.not_
// sig: bool_ -> bool
// sig: float64 -> bool
// sig: int64 -> bool
// generic: yes
// tolerance: exact
// note: truthiness of numpy scalars: nonzero (NaN true, -0.0 false)
namespace oplib::operator_ {
template <class T>
  requires(std::is_same_v<T, rt::bool_> || std::is_same_v<T, rt::float64> || std::is_same_v<T, rt::int64>)
inline bool not_(T a) {
  return (a.value == 0);
}
}  // namespace oplib::operator_
